"""Reading and writing the files people bring: zipped formats checked before they are
opened, spreadsheets read and written safely. Below the apps: it imports none of them."""
