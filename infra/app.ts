import { buildApp } from './build-app';

/** The CDK entry point (cdk.json): `npx cdk synth`, `npx cdk deploy --all`. */
buildApp().app.synth();
