import { buildApp } from './build-app';
import { refuseShiftedClockInDeployment } from './local/shifted-clock';

/** The CDK entry point named in cdk.json: `npx cdk synth`, `npx cdk deploy --all [-c stage=…]`. */
refuseShiftedClockInDeployment();
buildApp().app.synth();
