// Start GOV.UK Frontend components. Every page works without this script.
import { initAll } from "./govuk/govuk-frontend.min.js";
initAll();
