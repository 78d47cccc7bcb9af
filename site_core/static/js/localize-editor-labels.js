// German labels for the two texts wagtail-localize's translation editor
// renders in English without gettext (see the template that loads this).
(function () {
  const { heading, moreActions } = document.currentScript.dataset;

  function relabel() {
    document.querySelectorAll("h3").forEach((h3) => {
      if (/^\S.* to .+ translation$/.test(h3.textContent)) h3.textContent = heading;
    });
    document.querySelectorAll(".w-sr-only").forEach((span) => {
      if (span.textContent === "More actions") span.textContent = moreActions;
    });
  }

  relabel();
  new MutationObserver(relabel).observe(document.body, { childList: true, subtree: true });
})();
