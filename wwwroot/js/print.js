// A script file rather than an inline onclick, so the page keeps working under a strict Content-Security-Policy.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
