// Starts GOV.UK Frontend's components. Every page works without this: it only adds
// enhancements (menus, error summary focus, character counts).
import { initAll } from "/assets/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
