import { App } from "aws-cdk-lib";
import { addSignpost } from "./signpost-app.js";

const app = new App();
addSignpost(app);
app.synth();
