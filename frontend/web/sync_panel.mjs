// The sync settings panel: an HTML dialog over the canvas, opened by the "Sync" button or
// Ctrl+, (a key the app does not use). It edits the settings of sync_settings.mjs, runs
// "Test connection" through the caller (which loads the sync module only then), and shows
// the diagnosis in plain words with the CORS rule to paste.
import { folderAccess, folderProblem, loadSettings, problems, rememberFolder } from './sync_settings.mjs';
import { el } from './dom.mjs';

const FIELDS = [
  // [setting, label, kinds that show it, input type]
  ['endpoint', 'Endpoint', ['s3'], 'url', 'https://s3.eu-west-1.amazonaws.com'],
  ['bucket', 'Bucket', ['s3'], 'text', 'my-team-annotations'],
  ['region', 'Region', ['s3'], 'text', 'us-east-1'],
  ['pathStyle', 'Addressing', ['s3'], 'style'],
  ['prefix', 'Folder in the bucket', ['s3'], 'text', 'projects/birds (optional)'],
  ['accessKeyId', 'Access key', ['s3'], 'text', ''],
  ['secretAccessKey', 'Secret', ['s3'], 'password', ''],
  ['sessionToken', 'Session token', ['s3'], 'password', 'only for temporary credentials'],
  ['signUrl', 'Signing service URL', ['presigned'], 'url', 'https://sign.example.org/presign'],
  ['davUrl', 'Folder URL', ['webdav'], 'url', 'https://files.example.org/dav/birds/'],
  ['listing', 'Listing', ['webdav'], 'listing'],
  ['username', 'User name', ['webdav'], 'text', 'optional (HTTP Basic)'],
  ['password', 'Password', ['webdav'], 'password', ''],
  ['annotator', 'Annotator id', ['s3', 'presigned', 'webdav', 'folder'], 'text', 'e.g. alice'],
];

const ID = (field) => `sync-${field.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;

/**
 * Builds the panel into `root` (an empty <dialog>). Callbacks:
 *   test(settings) -> Promise<ConnectionCheck> (see sync.d.ts)
 *   save(settings) -> Promise<void>; rejects with an Error whose message is shown
 *   downloadBundle() -> Promise<message>, openBundle(text) -> Promise<message>
 *   folderPicker() -> null when this browser cannot give the page a folder, else a function
 *     returning a Promise of a FileSystemDirectoryHandle (window.showDirectoryPicker)
 * Returns {open(), close(), showTest(check)}.
 */
export function createSyncPanel(root, { test, save, downloadBundle, openBundle, folderPicker = () => null }) {
  const form = el('form', { method: 'dialog', id: 'sync-form' });
  form.append(el('h2', { text: 'Sync' }));
  form.append(el('p', {
    className: 'sync-note',
    text: 'Your edits are always saved in this browser. Sync also copies them to storage you choose, ' +
      'where other annotators\' work is read from. Nothing is sent anywhere else.',
  }));
  const kind = el('select', { id: 'sync-kind' }, [
    el('option', { value: 'off', text: 'None (this browser only)' }),
    el('option', { value: 's3', text: 'S3-compatible bucket' }),
    el('option', { value: 'presigned', text: 'S3 through presigned URLs' }),
    el('option', { value: 'webdav', text: 'WebDAV / HTTP folder' }),
    el('option', { value: 'folder', text: 'Local folder' }),
  ]);
  const folderOption = kind.querySelector('option[value="folder"]');
  const grid = el('div', { className: 'sync-grid' });
  grid.append(el('label', { htmlFor: 'sync-kind', text: 'Storage' }), kind);
  const inputs = {};
  const rows = [];
  for (const [field, label, kinds, type, placeholder] of FIELDS) {
    let input;
    if (type === 'style') {
      input = el('select', { id: ID(field) }, [
        el('option', { value: 'path', text: 'path-style (endpoint/bucket/key)' }),
        el('option', { value: 'vhost', text: 'virtual host (bucket.endpoint/key)' }),
      ]);
    } else if (type === 'listing') {
      input = el('select', { id: ID(field) }, [
        el('option', { value: 'propfind', text: 'WebDAV PROPFIND' }),
        el('option', { value: 'json', text: 'nginx JSON index' }),
      ]);
    } else {
      input = el('input', { id: ID(field), type, placeholder: placeholder ?? '', autocomplete: 'off', spellcheck: false });
    }
    const lab = el('label', { htmlFor: input.id, text: label });
    grid.append(lab, input);
    inputs[field] = input;
    rows.push({ kinds, nodes: [lab, input] });
  }
  // A local folder: chosen with the browser's folder picker, remembered by the browser.
  let folder = { id: '', name: '' };
  const folderName = el('span', { id: 'sync-folder-name', text: 'no folder chosen' });
  const folderButton = el('button', { type: 'button', id: 'sync-folder-choose', text: 'Choose folder…' });
  const folderLabel = el('label', { htmlFor: 'sync-folder-choose', text: 'Folder' });
  const folderCell = el('div', { className: 'sync-folder' }, [folderButton, ' ', folderName]);
  grid.append(folderLabel, folderCell);
  rows.push({ kinds: ['folder'], nodes: [folderLabel, folderCell] });
  const noFolder = el('p', {
    id: 'sync-folder-unsupported',
    className: 'sync-note',
    hidden: true,
    text: 'Syncing with a local folder needs the File System Access API, which this browser does not offer ' +
      '(Chrome, Edge and other Chromium-based browsers do). Here, use "Download bundle" below to save the ' +
      'project with every edit to a file, and "Open bundle…" to read one.',
  });
  const showFolderName = () => {
    folderName.textContent = folder.id ? `"${folder.name}"` : 'no folder chosen';
  };
  const remember = el('input', { id: 'sync-remember', type: 'checkbox' });
  const rememberLabel = el('label', { htmlFor: 'sync-remember', className: 'sync-check' }, [
    remember,
    ' Remember the credentials in this browser (otherwise they are kept in memory until the page is closed)',
  ]);
  form.append(grid, rememberLabel, noFolder);

  const result = el('div', { id: 'sync-test-result', role: 'status', 'aria-live': 'polite' });
  const rule = el('pre', { id: 'sync-cors-rule', hidden: true });
  const ruleXml = el('pre', { id: 'sync-cors-xml', hidden: true });
  const buttons = el('div', { className: 'sync-buttons' }, [
    el('button', { type: 'button', id: 'sync-test', text: 'Test connection' }),
    el('button', { type: 'button', id: 'sync-save', text: 'Save' }),
    el('button', { type: 'button', id: 'sync-close', text: 'Close' }),
  ]);
  const bundleFile = el('input', { id: 'sync-bundle-file', type: 'file', accept: '.json,application/json', hidden: true });
  const bundle = el('div', { className: 'sync-bundle' }, [
    el('h3', { text: 'Project bundle' }),
    el('p', {
      className: 'sync-note',
      text: 'One file with the project and every annotator\'s edits: download it to archive or hand over; ' +
        'open one to see its work here (with sync on, its segments are copied to the storage).',
    }),
    el('div', { className: 'sync-buttons' }, [
      el('button', { type: 'button', id: 'sync-bundle-download', text: 'Download bundle' }),
      el('button', { type: 'button', id: 'sync-bundle-open', text: 'Open bundle…' }),
      bundleFile,
    ]),
  ]);
  form.append(buttons, result, rule, ruleXml, bundle);
  root.append(form);
  bundle.querySelector('#sync-bundle-open').addEventListener('click', () => bundleFile.click());
  bundle.querySelector('#sync-bundle-download').addEventListener('click', async () => {
    say('Preparing the bundle…');
    try {
      say(await downloadBundle(), true);
    } catch (e) {
      say(`The bundle could not be made: ${e.message}`, false);
    }
  });
  bundleFile.addEventListener('change', async () => {
    const file = bundleFile.files[0];
    bundleFile.value = '';
    if (!file) return;
    say(`Opening ${file.name}…`);
    try {
      say(await openBundle(await file.text()), true);
    } catch (e) {
      say(`${file.name} could not be opened: ${e.message}`, false);
    }
  });

  const updateRows = () => {
    for (const r of rows) for (const n of r.nodes) n.hidden = !r.kinds.includes(kind.value);
    rememberLabel.hidden = kind.value === 'off' || kind.value === 'presigned' || kind.value === 'folder';
  };
  folderButton.addEventListener('click', async () => {
    const pick = folderPicker();
    if (!pick) return say(noFolder.textContent, false);
    let handle;
    try {
      handle = await pick();
    } catch (e) {
      // Closing the picker is not an error.
      if (e?.name === 'AbortError') return say('No folder chosen.');
      return say(`The folder could not be opened: ${e.message}`, false);
    }
    try {
      folder = { id: await rememberFolder(handle), name: handle.name };
    } catch (e) {
      return say(`The browser could not remember the folder: ${e.message}`, false);
    }
    showFolderName();
    say(`Chosen: "${handle.name}". Press Save to sync with it.`);
  });
  kind.addEventListener('change', updateRows);

  const read = () => {
    const s = { kind: kind.value, remember: remember.checked, folderId: folder.id, folderName: folder.name };
    for (const [field, input] of Object.entries(inputs)) {
      if (field === 'pathStyle') s.pathStyle = input.value === 'path';
      else s[field] = input.value.trim();
    }
    return s;
  };
  const fill = (s) => {
    kind.value = s.kind;
    for (const [field, input] of Object.entries(inputs)) {
      if (field === 'pathStyle') input.value = s.pathStyle ? 'path' : 'vhost';
      else input.value = s[field] ?? '';
    }
    remember.checked = !!s.remember;
    folder = { id: s.folderId ?? '', name: s.folderName ?? '' };
    showFolderName();
    // The local folder is offered only where the browser can give the page a folder.
    const supported = folderPicker() !== null;
    folderOption.hidden = folderOption.disabled = !supported && s.kind !== 'folder';
    noFolder.hidden = supported;
    updateRows();
  };
  const say = (text, ok) => {
    result.textContent = text;
    result.className = ok === undefined ? '' : ok ? 'ok' : 'bad';
  };
  const showTest = (check) => {
    const done = check.steps.map((st) => `${st.ok ? '✓' : '✗'} ${st.step}`).join('  ');
    say(check.ok
      ? `Connection works: ${check.steps.map((st) => st.message).join(', ')}.`
      : `${check.problem?.message ?? 'The test failed.'}\n${done}`, check.ok);
    rule.hidden = !check.corsRule;
    ruleXml.hidden = !check.corsRule?.xml;
    if (check.corsRule) {
      rule.textContent = (check.corsRule.format === 'nginx' ? 'nginx configuration:\n' : 'Bucket CORS rule (JSON):\n') + check.corsRule.text;
      ruleXml.textContent = check.corsRule.xml ? `The same rule as XML:\n${check.corsRule.xml}` : '';
    }
  };

  buttons.querySelector('#sync-test').addEventListener('click', async () => {
    const s = read();
    const bad = problems(s);
    if (s.kind === 'off') return say('Choose a storage first.', false);
    if (bad.length) return say(bad.join('\n'), false);
    if (s.kind === 'folder') {
      const { state } = await folderAccess(s, { ask: true });
      if (state !== 'granted') return say(folderProblem(s, state), false);
    }
    say('Testing…');
    rule.hidden = ruleXml.hidden = true;
    try {
      showTest(await test(s));
    } catch (e) {
      say(`The test could not run: ${e.message}`, false);
    }
  });
  buttons.querySelector('#sync-save').addEventListener('click', async () => {
    const s = read();
    const bad = problems(s);
    if (bad.length) return say(bad.join('\n'), false);
    if (s.kind === 'folder') {
      // Inside the click: the browser shows its permission prompt only during a gesture.
      const { state } = await folderAccess(s, { ask: true });
      if (state !== 'granted') return say(folderProblem(s, state), false);
    }
    say(s.kind === 'off' ? 'Turning sync off…' : 'Connecting…');
    try {
      await save(s);
      say(s.kind === 'off' ? 'Sync is off.' : 'Saved. Sync is on.', true);
    } catch (e) {
      say(e.message, false);
    }
  });
  buttons.querySelector('#sync-close').addEventListener('click', () => root.close());

  return {
    open() {
      if (root.open) return;
      fill(loadSettings());
      root.showModal();
      kind.focus();
    },
    close: () => root.close(),
    say,
  };
}
