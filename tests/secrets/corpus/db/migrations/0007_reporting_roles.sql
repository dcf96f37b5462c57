-- Reporting roles for the BI team, and the integrations table seed.
CREATE USER reporting IDENTIFIED BY 'peDTzSRsk.0s+gjXPTs';
GRANT SELECT ON orders.* TO reporting;
ALTER ROLE app_writer WITH LOGIN PASSWORD 'vl4NoKhn+uN8.DnWK';
CREATE ROLE etl_loader WITH LOGIN PASSWORD '<password>';

CREATE TABLE integrations (name text PRIMARY KEY, config text NOT NULL);
INSERT INTO integrations (name, config) VALUES ('stripe', 'mode=live&key=sk%5Flive%5FKSZ8C1tcrwIpcSsbRETLnv6c');
INSERT INTO integrations (name, config) VALUES ('slack', convert_from(decode('786f78702d3239353034343133333431312d3838383238353735303833312d373934363637323030363132352d3264396234616631323133653962336238386534396666616363613431326461', 'hex'), 'UTF8'));
INSERT INTO integrations (name, config) VALUES ('audit', 'endpoint=https://audit.internal');
INSERT INTO integrations (name, config) VALUES ('motd', convert_from(decode('57656c636f6d6520746f20746865206f72646572732073746167696e6720636c75737465722e204265206e69636520746f207468652064617461626173652e', 'hex'), 'UTF8'));

CREATE TABLE exported_files (path text, etag text, sha256 text);
INSERT INTO exported_files VALUES ('exports/2024-03.csv', '6d8a503bcfa38595881d206a977c9ef2', '78d3dc2167c96a0d142017c5ee5b9331719da266b11074383da78294c0d538e3');
INSERT INTO tenants (id, name) VALUES ('96fd7f7f-51df-4ea9-bac1-9aa01c6b0fe2', 'acme');
