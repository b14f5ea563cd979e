/** Where the engine serves its API and its single sign-on service. */
export const API_PATH = '/ovirt-engine/api';
/** OAuth 2.0 password grant (`grant_type=password&scope=ovirt-app-api&username&password`). */
export const SSO_TOKEN_PATH = '/ovirt-engine/sso/oauth/token';
/** Token revocation, as the Python SDK's `close()` calls it (`scope=ovirt-app-api&token=…`). */
export const SSO_LOGOUT_PATH = '/ovirt-engine/services/sso-logout';
