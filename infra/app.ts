import { buildApp } from './build-app';

/** The CDK entry point named in cdk.json: `npx cdk synth`, `npx cdk deploy --all [-c stage=…]`. */
buildApp().app.synth();
