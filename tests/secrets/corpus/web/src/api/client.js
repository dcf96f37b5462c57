// HTTP client for the storefront. Keys should come from the build environment.
const MAPS_KEY = "AIza-KjbRfdKYNx8t-KvQw26OvkH_9Jhcfoa3Ds";
const SERVICE_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtNjhhYzE0eDIiLCJpc3MiOiJodHRwczovL2F1dGgub3JkZXJzLmV4YW1wbGUuY29tIiwic2NvcGUiOiJwYXltZW50czp3cml0ZSBvcmRlcnM6cmVhZCIsImlhdCI6MTcxMjYwMzEzOSwiZXhwIjoxNzQ0MTM5MTM5fQ.pPcQAAQF14ROKXhGZf_8mYpfM6Xn7U38Azney7i4oJ4";

const config = {
  apiBase: "https://api.orders.example.com",
  apiKey: process.env.ORDERS_API_KEY,
  password: "NINU3^YeK7_EsuA2d",
  retries: 3,
};
const apiSecret = 'VC!oTf8ro2Q^Y^i4*zNK2nU';
const requestId = "009a742b-25ba-480b-91b7-f8cf3e5c0fc4";
const integrity = "sha384-I/GqqXz9A2RltZ796RkqMAtQcQs/iOZcgIAS2IZmgMUmlK9RdfQqn40xlk+D2/gi";

const analyticsToken = String.fromCharCode(103, 104, 112, 95, 49, 114, 119, 79, 100, 89, 77, 66, 120, 105, 68, 101, 119, 118, 115, 109, 114, 119, 104, 104, 75, 108, 105, 100, 66, 55, 118, 55, 117, 110, 52, 54, 97, 71, 50, 113);
const paymentsKey = atob("c2tfbGl2ZV83ZlZtUG16VENKN0xmSG5JR21VUFZidU4=");
const mapsFallback = "oV_AmMysXAgEiVoGmRvmzGZFMwnPci_tj91azIA".split("").reverse().join("");
const mailKey = "\x53\x47\x2e\x68\x61\x41\x6f\x54\x4b\x62\x54\x58\x41\x30\x65\x46\x45\x7a\x30\x65\x4b\x35\x4f\x61\x59\x2e\x42\x44\x4f\x76\x34\x42\x68\x73\x34\x59\x64\x7a\x73\x44\x2d\x66\x78\x71\x6a\x7a\x50\x56\x58\x48\x7a\x37\x2d\x6c\x33\x6a\x6c\x55\x76\x71\x67\x75\x6c\x4f\x61\x66\x57\x57\x64";
const deployToken = ["glpat-UGi", "Wv0MqB37g", "lA2Wf92-"].join("");
const exportUrl = "https://reports.example.com/export?dsn=postgresql%3A%2F%2Freport_ro%3Ayf1TvyfX_Ajpy6VsO%40reports-db.internal%3A5432%2Freports%3Fsslmode%3Drequire";
const fixtureB64 = btoa("fixture: the quick brown fox");
const greeting = String.fromCharCode(72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100, 33);

export async function call(path, body) {
  const response = await fetch(config.apiBase + path, {
    method: "POST",
    headers: { "X-Api-Key": config.apiKey, "X-Request-Id": requestId, Authorization: "Bearer " + SERVICE_JWT },
    body: JSON.stringify({ body, maps: MAPS_KEY || mapsFallback, t: analyticsToken, p: paymentsKey }),
  });
  return { response, mailKey, deployToken, exportUrl, apiSecret, integrity, fixtureB64, greeting };
}
