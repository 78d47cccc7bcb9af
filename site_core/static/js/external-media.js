// Two-click embeds: a video from another host is loaded only after the
// visitor presses the button in its placeholder. Without JavaScript the
// placeholder's plain link to the provider remains.
document.querySelectorAll("[data-external-media]").forEach((figure) => {
  const button = figure.querySelector(".external-media__load");
  const template = figure.querySelector("template");
  if (!button || !template) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const placeholder = figure.querySelector(".external-media__placeholder");
    const frame = template.content.firstElementChild.cloneNode(true);
    const wrapper = document.createElement("div");
    wrapper.className = "external-media__frame";
    wrapper.append(frame);
    placeholder.replaceWith(wrapper);
    frame.focus();
  });
});
