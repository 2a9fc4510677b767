import { tokenSuite } from '#test/helpers/token-suite';

// As deployed by default: the route's function verifies the token and refuses with a 401 problem in zh-CN.
tokenSuite('function');
