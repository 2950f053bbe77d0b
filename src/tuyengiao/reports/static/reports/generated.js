// The merge panel: a sentence of a unit below, ticked, is added at once to its section's box
// for the writer to edit; unticked, it is taken out again if still there as it was. Without
// scripts the ticked sentences are added when the draft is saved.
document.addEventListener("change", (event) => {
  const box = event.target.closest("input[name=pick][data-section]");
  if (!box) return;
  const area = document.getElementById(`id_${box.dataset.section}`);
  if (!area) return;
  const text = box.dataset.text;
  const lines = area.value.split("\n");
  if (box.checked) {
    if (!area.value.includes(text)) area.value = area.value.trim() ? `${area.value.trimEnd()}\n${text}` : text;
  } else {
    area.value = lines.filter((line) => line.trim() !== text).join("\n");
  }
});
