-- Only plugins Switchyard knows how to configure (lib/compiler/issuer-plugins.ts): a value written
-- around the API would otherwise reach the compiler. Adding a plugin to that table adds it here.
ALTER TABLE "Settings" ADD CONSTRAINT "Settings_issuerPlugin_check" CHECK ("issuerPlugin" IN ('jwt-keycloak', 'openid-connect'));
