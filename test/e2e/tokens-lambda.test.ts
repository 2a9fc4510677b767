import { tokenSuite } from '#test/helpers/token-suite';

// As the Lambda authorizer of the China regions: a refused token is 403, a missing header 401.
tokenSuite('lambda');
