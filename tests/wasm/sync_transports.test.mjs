// The storage transports against real servers on loopback: s3rver (verifies SigV4) and
// nginx WebDAV. Reference signatures: AWS, Amazon S3 API Reference, "Signature Calculations
// for the Authorization Header: Transferring Payload in a Single Chunk" (GET Object example)
// and "Authenticating Requests: Using Query Parameters" (presigned URL example).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE_ORIGIN, loadSync, startS3, startWebDav } from './lib/servers.mjs';

let sync;
let s3;
let dav;

before(async () => {
  [sync, s3, dav] = await Promise.all([loadSync(), startS3(), startWebDav()]);
});
after(async () => {
  await Promise.all([s3?.stop(), dav?.stop()]);
});

const EXAMPLE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' };
const EXAMPLE_DATE = new Date(Date.UTC(2013, 4, 24));

function s3Transport(options = {}) {
  return new sync.S3Transport({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    timeoutMs: 5000,
    ...options,
  });
}

test('SigV4 header signature matches the AWS GET Object example', async () => {
  const headers = await sync.signRequest(
    { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt', headers: { range: 'bytes=0-9' } },
    EXAMPLE,
    EXAMPLE_DATE,
  );
  assert.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
      'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
      'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  );
});

test('virtual-host URLs put the bucket in the host name and sign the path without it', async () => {
  // s3rver signs virtual-host requests with the bucket in the path (unlike AWS), so this form
  // is checked against the AWS example above (examplebucket.s3.amazonaws.com is virtual-host).
  const t = new sync.S3Transport({ endpoint: 'https://s3.amazonaws.com', bucket: 'examplebucket', pathStyle: false, ...EXAMPLE, clock: () => EXAMPLE_DATE });
  assert.equal(t.objectUrl('test.txt'), 'https://examplebucket.s3.amazonaws.com/test.txt');
  const headers = await sync.signRequest({ method: 'GET', url: t.objectUrl('test.txt'), headers: { range: 'bytes=0-9' } }, t.credentials, EXAMPLE_DATE);
  assert.match(headers.authorization, /Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41$/);
  const pathStyle = new sync.S3Transport({ ...EXAMPLE, endpoint: 'https://s3.eu-west-1.amazonaws.com', bucket: 'b', region: 'eu-west-1', prefix: '/team/' });
  assert.equal(pathStyle.objectUrl('events/a b/1.json'), 'https://s3.eu-west-1.amazonaws.com/b/team/events/a%20b/1.json');
});

test('presigned URL matches the AWS query-string example', async () => {
  const url = await sync.presignUrl({ method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt' }, EXAMPLE, 86400, EXAMPLE_DATE);
  assert.equal(new URL(url).searchParams.get('X-Amz-Signature'), 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
});

for (const kind of ['s3 path-style', 's3 session token', 'webdav json', 'webdav propfind']) {
  test(`${kind}: put, get, list and delete`, async () => {
    let t;
    if (kind === 's3 path-style') t = s3Transport({ prefix: 'proj-a' });
    if (kind === 's3 session token') t = s3Transport({ sessionToken: 'FQoGZXIvYXdzEXAMPLETOKEN', prefix: 'proj-t' });
    if (kind === 'webdav json') t = new sync.WebDavTransport({ baseUrl: dav.baseUrl + 'json/', listing: 'json' });
    if (kind === 'webdav propfind') t = new sync.WebDavTransport({ baseUrl: dav.baseUrl + 'pf/', listing: 'propfind' });
    assert.equal(await t.get('project.json'), null);
    assert.deepEqual(await t.list('events/'), []);
    await t.put('project.json', '{"name":"p"}');
    await t.put('events/ann/000000000001.json', '{"a":1}');
    await t.put('events/bea/000000000001.json', '{"b":1}');
    await t.put('events/bea/000000000003.json', '{"b":3}');
    assert.equal(await t.get('project.json'), '{"name":"p"}');
    assert.equal(await t.get('events/bea/000000000003.json'), '{"b":3}');
    assert.deepEqual(await t.list('events/'), ['events/ann/000000000001.json', 'events/bea/000000000001.json', 'events/bea/000000000003.json']);
    assert.deepEqual(await t.list('events/bea/'), ['events/bea/000000000001.json', 'events/bea/000000000003.json']);
    await t.delete('events/ann/000000000001.json');
    assert.equal(await t.get('events/ann/000000000001.json'), null);
    const check = await sync.testConnection(t, { origin: PAGE_ORIGIN });
    assert.equal(check.ok, true, JSON.stringify(check));
    assert.deepEqual(check.steps.map((s) => s.step), ['cors', 'write', 'read', 'list', 'delete']);
  });
}

test('s3: presigned URLs made by the transport work with plain fetch and as a transport', async () => {
  const t = s3Transport({ prefix: 'presigned' });
  const putUrl = await t.presign('PUT', 'project.json', 600);
  const put = await fetch(putUrl, { method: 'PUT', body: '{"x":1}' });
  assert.equal(put.status, 200);
  const p = new sync.PresignedTransport({
    sign: async (method, key) => {
      if (method !== 'LIST') return t.presign(method, key, 600);
      // A presigned ListObjectsV2 (prefix relative to the transport's).
      const url = new URL(t.bucketUrl().replace(/\/$/, ''));
      url.searchParams.set('list-type', '2');
      url.searchParams.set('prefix', `presigned/${key}`);
      return sync.presignUrl({ method: 'GET', url: url.href }, t.credentials, 600);
    },
  });
  assert.equal(await p.get('project.json'), '{"x":1}');
  await p.put('events/ann/000000000001.json', '{}');
  assert.deepEqual(await p.list('events/'), ['presigned/events/ann/000000000001.json']);
  assert.equal(await p.get('missing.json'), null);
});

test('s3: a wrong secret fails with a message that says so', async () => {
  const t = s3Transport({ secretAccessKey: 'not-the-secret' });
  await assert.rejects(t.put('x.json', '{}'), (err) => {
    assert.equal(err.name, 'SyncError');
    assert.equal(err.kind, 'auth');
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.match(err.message, /secret access key is wrong/);
    return true;
  });
  const check = await sync.testConnection(t, { origin: PAGE_ORIGIN });
  assert.equal(check.ok, false);
  assert.equal(check.problem.kind, 'auth');
  assert.match(check.problem.message, /secret access key is wrong/);
  const unknownKey = await sync.testConnection(s3Transport({ accessKeyId: 'NOBODY' }), { origin: PAGE_ORIGIN });
  assert.equal(unknownKey.problem.kind, 'auth');
  assert.match(unknownKey.problem.message, /access key id is not known/);
});

test('s3: a clock 40 minutes fast is diagnosed as clock skew', async () => {
  const t = s3Transport({ clock: () => new Date(Date.now() + 40 * 60000) });
  const check = await sync.testConnection(t, { origin: PAGE_ORIGIN });
  assert.equal(check.ok, false);
  assert.equal(check.problem.kind, 'clock');
  assert.match(check.problem.message, /clock is off by about 40 minutes \(ahead\)/);
});

test('s3: a page origin missing from the bucket CORS rule is diagnosed, with the rule to paste', async () => {
  const check = await sync.testConnection(s3Transport(), { origin: 'https://annotate.example.org' });
  assert.equal(check.ok, false);
  assert.equal(check.problem.kind, 'cors');
  assert.match(check.problem.message, /does not allow requests from this page's origin https:\/\/annotate\.example\.org/);
  const rule = JSON.parse(check.corsRule.text);
  assert.deepEqual(rule[0].AllowedOrigins, ['https://annotate.example.org']);
  assert.ok(rule[0].AllowedHeaders.includes('x-amz-content-sha256'));
  assert.match(check.corsRule.xml, /<AllowedOrigin>https:\/\/annotate\.example\.org<\/AllowedOrigin>/);
});

test('webdav: an origin nginx does not allow is diagnosed; a missing bucket and a dead server too', async () => {
  const t = new sync.WebDavTransport({ baseUrl: dav.baseUrl, listing: 'json' });
  const check = await sync.testConnection(t, { origin: 'https://elsewhere.example' });
  assert.equal(check.problem.kind, 'cors');
  assert.match(check.corsRule.text, /Access-Control-Allow-Origin "https:\/\/elsewhere\.example" always/);

  const noBucket = await sync.testConnection(s3Transport({ bucket: 'no-such-bucket' }), { origin: PAGE_ORIGIN, checkCors: false });
  assert.equal(noBucket.ok, false);
  assert.equal(noBucket.problem.kind, 'notFound');
  assert.match(noBucket.problem.message, /bucket does not exist/);

  const dead = new sync.WebDavTransport({ baseUrl: 'http://127.0.0.1:9/dav/', listing: 'json', timeoutMs: 2000 });
  const deadCheck = await sync.testConnection(dead, { origin: PAGE_ORIGIN });
  assert.equal(deadCheck.problem.kind, 'network');
  assert.match(deadCheck.problem.message, /could not reach 127\.0\.0\.1:9/);
});
