// Progressive enhancement: a "Copy citation" button where the clipboard is available.
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) return;
  var source = document.getElementById(button.dataset.copy);
  var status = button.parentElement.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      if (status) status.textContent = "Citation copied.";
    }, function () {
      if (status) status.textContent = "Copying failed: select the text and copy it.";
    });
  });
});
