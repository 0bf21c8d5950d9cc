// Progressive enhancement only: every page works without this file.
import { initAll } from "/assets/govuk-frontend.min.js";

initAll();

// "Use my current location": shown only where the browser can tell us where the resident is.
const form = document.querySelector('[data-module="use-my-location"]');
if (form && "geolocation" in navigator) {
  form.hidden = false;
  const status = form.querySelector("[data-location-status]");
  form.addEventListener("submit", (event) => {
    if (form.elements.lat.value) return;
    event.preventDefault();
    status.textContent = "Finding your location…";
    status.classList.remove("govuk-!-display-none");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.elements.lat.value = position.coords.latitude.toFixed(6);
        form.elements.lng.value = position.coords.longitude.toFixed(6);
        form.submit();
      },
      () => {
        status.textContent = "We could not get your location. Enter a postcode instead.";
      },
      { enableHighAccuracy: true, timeout: 10000 },
    );
  });
}
