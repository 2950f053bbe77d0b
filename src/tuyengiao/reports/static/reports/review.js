// A value the report also gives, chosen with one click (or Enter) instead of retyped.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".alt-value");
  if (!button) return;
  const input = document.getElementById(button.dataset.target);
  input.value = button.dataset.value;
  input.focus();
});
