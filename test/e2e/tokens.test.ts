import { tokenSuite } from '#test/helpers/token-suite';

// As API Gateway's JWT authorizer (the default where the partition offers it): refusals are 401.
tokenSuite('jwt');
