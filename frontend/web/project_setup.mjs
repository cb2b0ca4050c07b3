// "New project": a dialog that makes a project from files the user picks or drops (images, a
// folder of images, a text/CSV/JSONL file of texts, or a Label Studio JSON export with its
// images) and label sets defined in a form (name, colour, hotkey, description, edge cases).
// Nothing is uploaded: the files are stored in this browser (local_projects.mjs).
//
// The first half is plain data handling (no DOM), the second the dialog.
import { el } from './dom.mjs';

/** The kinds of label set offered, as Label Studio result types with their object. */
export const KINDS = [
  { kind: 'rectanglelabels', object: 'image', title: 'Boxes', name: 'label' },
  { kind: 'polygonlabels', object: 'image', title: 'Polygons', name: 'outline' },
  { kind: 'brushlabels', object: 'image', title: 'Brush masks', name: 'mask' },
  { kind: 'keypointlabels', object: 'image', title: 'Keypoints', name: 'points' },
  { kind: 'choices', object: 'image', title: 'Image classification', name: 'class' },
  { kind: 'labels', object: 'text', title: 'Text spans (NER)', name: 'ner' },
  { kind: 'choices', object: 'text', title: 'Text classification', name: 'category' },
];

export const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6',
  '#bfef45', '#fabed4', '#469990', '#dcbeff', '#9a6324', '#800000', '#aaffc3', '#808000', '#000075'];

const IMAGE_EXT = /\.(png|jpe?g|gif|webp|bmp|avif)$/i;
const TEXT_EXT = /\.(txt|csv|tsv|jsonl|ndjson|json)$/i;

/** 'image', 'text' or null for a file name. */
export function fileKind(name) {
  if (IMAGE_EXT.test(name)) return 'image';
  if (TEXT_EXT.test(name)) return 'text';
  return null;
}

/** True when parsed JSON looks like a Label Studio task list (objects with a `data` object). */
export function isLabelStudioTasks(json) {
  const list = Array.isArray(json) ? json : null;
  return !!list && list.length > 0 && list.every((t) => t && typeof t === 'object' && t.data && typeof t.data === 'object');
}

const baseName = (p) => String(p).split(/[\\/]/).pop().split('?')[0];

/**
 * Points the image of each Label Studio task at a picked file with the same base name (Label
 * Studio stores uploads as /data/upload/<n>/<hash>-<name>; a trailing -<name> match counts
 * too). Returns {tasks, matched, unmatched: [paths left as they were, e.g. URLs]}.
 */
export function matchImages(tasks, imagePaths) {
  const byName = new Map();
  for (const p of imagePaths) byName.set(baseName(p), p);
  let matched = 0;
  const unmatched = [];
  const out = tasks.map((task) => {
    const data = { ...task.data };
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string' || !IMAGE_EXT.test(value.split('?')[0])) continue;
      const name = decodeURIComponent(baseName(value));
      let hit = byName.get(name);
      if (!hit) {
        const dash = name.indexOf('-');
        if (dash > 0) hit = byName.get(name.slice(dash + 1));
      }
      if (hit) {
        data[key] = hit;
        matched++;
      } else {
        unmatched.push(value);
      }
    }
    return { ...task, data };
  });
  return { tasks: out, matched, unmatched };
}

/**
 * Problems of the label sets, each naming its place ("Label set 2 (Boxes), label 3: ...").
 * `have` = {images: n, texts: n} says which objects the data provides; `commandKeys` maps the
 * plain keys of the app's commands ({"p": "Polygon tool"}) that a label hotkey may not take.
 */
export function labelSetProblems(sets, have = { images: 1, texts: 1, labelStudio: 0 }, commandKeys = {}) {
  const problems = [];
  // A Label Studio file may bring its own labels (read from its results); others need a set.
  if (sets.length === 0 && !have.labelStudio) problems.push('Add at least one label set: what should be labelled?');
  const setNames = new Set();
  sets.forEach((set, i) => {
    const info = KINDS.find((k) => k.kind === set.kind && k.object === set.object);
    const where = `Label set ${i + 1} (${info?.title ?? set.kind})`;
    if (!info) problems.push(`${where}: unknown kind`);
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(set.name ?? '')) problems.push(`${where}: its name must be a word (letters, digits, _ or -), got "${set.name ?? ''}"`);
    else if (setNames.has(set.name)) problems.push(`${where}: the name "${set.name}" is used by another set`);
    setNames.add(set.name);
    if (set.object === 'image' && !have.images) problems.push(`${where}: labels images, but no image was picked`);
    if (set.object === 'text' && !have.texts) problems.push(`${where}: labels texts, but no text file was picked`);
    if (!set.labels?.length) problems.push(`${where}: add at least one label`);
    const names = new Set();
    const keys = new Map();
    (set.labels ?? []).forEach((label, j) => {
      const at = `${where}, label ${j + 1}`;
      const name = (label.name ?? '').trim();
      if (!name) problems.push(`${at}: the name is empty`);
      else if (names.has(name)) problems.push(`${at}: "${name}" is already a label of this set`);
      names.add(name);
      if (!/^#[0-9a-fA-F]{6}$/.test(label.color ?? '')) problems.push(`${at}: the colour must be #rrggbb`);
      const key = (label.hotkey ?? '').trim();
      if ([...key].length > 1) problems.push(`${at}: a hotkey is one key, got "${key}"`);
      else if (key && keys.has(key.toLowerCase())) problems.push(`${at}: hotkey "${key}" is also used by label ${keys.get(key.toLowerCase()) + 1}`);
      else if (key && Object.hasOwn(commandKeys, key.toLowerCase())) problems.push(`${at}: hotkey "${key}" is the key of the command "${commandKeys[key.toLowerCase()]}": choose another key`);
      if (key) keys.set(key.toLowerCase(), j);
    });
  });
  return problems;
}

/**
 * The project: {projectText: Label Studio task list, labelsText: project file with the label
 * sets}. `images`: relative paths; `texts`: [{text, ...fields}]; `lsTasks`: tasks of a Label
 * Studio file (kept with their annotations and predictions).
 */
export function buildProject({ name, sets, images = [], texts = [], lsTasks = [] }) {
  const tasks = [];
  let id = 1;
  const used = new Set(lsTasks.map((t) => t.id).filter((v) => v !== undefined));
  const nextId = () => {
    while (used.has(id)) id++;
    used.add(id);
    return id;
  };
  for (const t of lsTasks) tasks.push(t.id === undefined ? { ...t, id: nextId() } : t);
  for (const path of images) tasks.push({ id: nextId(), data: { image: path } });
  for (const t of texts) tasks.push({ id: nextId(), data: { ...t } });
  const labelSets = sets.map((s) => {
    const out = { name: s.name, to_name: s.object, kind: s.kind };
    if (s.kind === 'choices') out.multiple = !!s.multiple;
    out.labels = s.labels.map((l) => {
      const label = { name: l.name.trim(), color: l.color.toLowerCase() };
      if (l.hotkey?.trim()) label.hotkey = l.hotkey.trim();
      if (l.description?.trim()) label.description = l.description.trim();
      const examples = (l.edgeCases ?? '').split('\n').map((x) => x.trim()).filter(Boolean);
      if (examples.length) label.examples = examples;
      return label;
    });
    return out;
  });
  const labels = { localabel_project: 1, name, label_sets: labelSets, settings: { review_threshold: 0.8 }, tasks: [] };
  // No sets (a Label Studio file alone): the app takes the label sets from the results.
  return { projectText: JSON.stringify(tasks), labelsText: labelSets.length ? JSON.stringify(labels, null, 1) : null, taskCount: tasks.length };
}

// ---------------------------------------------------------------------------------------
// The dialog.

// Files of a drop, folders walked recursively: [{file, path}].
async function droppedFiles(dataTransfer) {
  const out = [];
  const entries = [...dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  async function walk(entry, prefix) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      out.push({ file, path: prefix + entry.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  }
  if (entries.length) {
    for (const e of entries) await walk(e, '');
  } else {
    for (const file of dataTransfer.files) out.push({ file, path: file.name });
  }
  return out;
}

/**
 * Builds the dialog into `root` (an empty <dialog>). Options:
 *   readTextTasks(bytes, fileName) -> Promise<[{text,...}]> (the core's reader: errors name
 *     the file, line and column)
 *   create({name, projectText, labelsText, files: [{path, blob}]}) -> Promise<void>
 *   commandKeys() -> {"p": "Polygon tool", ...}: the app's plain command keys (optional)
 * Returns {open(), close()}.
 */
export function createProjectSetup(root, { readTextTasks, create, commandKeys = () => ({}) }) {
  const picked = new Map(); // path -> File
  const form = el('form', { method: 'dialog', id: 'project-form' });
  const nameInput = el('input', { id: 'project-name', type: 'text', value: 'My project', required: true });
  const filesInput = el('input', { id: 'project-files', type: 'file', multiple: true, accept: 'image/*,.txt,.csv,.tsv,.jsonl,.ndjson,.json' });
  const folderInput = el('input', { id: 'project-folder', type: 'file', multiple: true });
  folderInput.webkitdirectory = true;
  const drop = el('div', { id: 'project-drop', className: 'project-drop', text: 'Or drop images, a folder, a text/CSV/JSONL file or a Label Studio JSON export here.' });
  const summary = el('p', { id: 'project-data-summary', className: 'project-note', text: 'No files yet.' });
  const clearButton = el('button', { id: 'project-clear', type: 'button', text: 'Forget picked files' });
  const setsBox = el('div', { id: 'project-sets' });
  const problemsBox = el('ul', { id: 'project-problems', className: 'project-problems' });
  const createButton = el('button', { id: 'project-create', type: 'button', text: 'Create project' });
  const cancelButton = el('button', { id: 'project-cancel', type: 'button', text: 'Cancel' });
  const kindSelect = el('select', { id: 'project-add-kind' }, KINDS.map((k, i) => el('option', { value: String(i), text: k.title })));
  const addSet = el('button', { id: 'project-add-set', type: 'button', text: 'Add label set' });

  form.append(
    el('h2', { text: 'New project' }),
    el('p', { className: 'project-note', text: 'Files stay in this browser; nothing is uploaded.' }),
    el('label', { className: 'project-row' }, ['Name ', nameInput]),
    el('h3', { text: 'Data' }),
    el('div', { className: 'project-row' }, [el('label', {}, ['Files ', filesInput]), el('label', {}, [' Folder ', folderInput])]),
    drop, el('div', { className: 'project-row' }, [summary, clearButton]),
    el('h3', { text: 'What to label' }),
    setsBox,
    el('div', { className: 'project-row' }, [kindSelect, addSet]),
    problemsBox,
    el('div', { className: 'project-buttons' }, [createButton, cancelButton]),
  );
  root.append(form);

  let sets = [];
  let data = { images: [], texts: [], lsTasks: [], errors: [], unmatched: [] };

  // A choice label gets the next free digit 1..9 as its hotkey (editable), so a
  // classification project made with the defaults can be labelled by keys at once.
  function newLabel(set) {
    let hotkey = '';
    if (set.kind === 'choices') {
      const used = new Set(set.labels.map((l) => (l.hotkey ?? '').trim()));
      hotkey = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((d) => !used.has(d) && !Object.hasOwn(commandKeys(), d)) ?? '';
    }
    return { name: '', color: PALETTE[set.labels.length % PALETTE.length], hotkey, description: '', edgeCases: '' };
  }

  function addLabelSet(kindIndex) {
    const k = KINDS[kindIndex];
    let name = k.name;
    for (let n = 2; sets.some((s) => s.name === name); n++) name = `${k.name}${n}`;
    const set = { kind: k.kind, object: k.object, name, multiple: false, labels: [] };
    set.labels.push(newLabel(set));
    sets.push(set);
    renderSets();
  }

  function renderSets() {
    setsBox.replaceChildren();
    sets.forEach((set, i) => {
      const info = KINDS.find((k) => k.kind === set.kind && k.object === set.object);
      const box = el('fieldset', { className: 'project-set', 'data-set': String(i) });
      const setName = el('input', { type: 'text', value: set.name, className: 'set-name', title: 'The control name in exports (from_name)' });
      setName.addEventListener('input', () => { set.name = setName.value; check(); });
      const remove = el('button', { type: 'button', text: 'Remove set', className: 'set-remove' });
      remove.addEventListener('click', () => { sets.splice(i, 1); renderSets(); });
      const legend = el('legend', {}, [`${info.title} · name `, setName, ' ', remove]);
      box.append(legend);
      if (set.kind === 'choices') {
        const multi = el('input', { type: 'checkbox', checked: set.multiple, className: 'set-multiple' });
        multi.addEventListener('change', () => { set.multiple = multi.checked; });
        box.append(el('label', { className: 'project-row' }, [multi, ' several choices per task']));
      }
      const table = el('div', { className: 'project-labels' }, [
        el('span', { text: 'Label' }), el('span', { text: 'Colour' }), el('span', { text: 'Key' }),
        el('span', { text: 'Description' }), el('span', { text: 'Edge cases (one per line)' }), el('span'),
      ]);
      set.labels.forEach((label, j) => {
        const field = (prop, input) => {
          input.value = label[prop];
          input.className = `label-${prop}`;
          input.addEventListener('input', () => { label[prop] = input.value; check(); });
          return input;
        };
        const removeLabel = el('button', { type: 'button', text: '×', title: 'Remove this label', className: 'label-remove' });
        removeLabel.addEventListener('click', () => { set.labels.splice(j, 1); renderSets(); });
        table.append(
          field('name', el('input', { type: 'text', placeholder: 'e.g. Cat' })),
          field('color', el('input', { type: 'color' })),
          field('hotkey', el('input', { type: 'text', maxLength: 2, size: 2 })),
          field('description', el('textarea', { rows: 2 })),
          field('edgeCases', el('textarea', { rows: 2 })),
          removeLabel,
        );
      });
      const addLabel = el('button', { type: 'button', text: 'Add label', className: 'label-add' });
      addLabel.addEventListener('click', () => { set.labels.push(newLabel(set)); renderSets(); });
      box.append(table, addLabel);
      setsBox.append(box);
    });
    check();
  }

  async function readFiles(list) {
    for (const { file, path } of list) picked.set(path, file);
    const images = [];
    const texts = [];
    const lsTasks = [];
    const errors = [];
    for (const [path, file] of picked) {
      const kind = fileKind(path);
      if (kind === 'image') {
        images.push(path);
      } else if (kind === 'text') {
        const bytes = new Uint8Array(await file.arrayBuffer());
        let json = null;
        if (/\.json$/i.test(path)) {
          try {
            json = JSON.parse(new TextDecoder().decode(bytes));
          } catch {
            json = null; // not JSON at all: the text reader reports where
          }
        }
        if (json && isLabelStudioTasks(json)) {
          lsTasks.push(...json);
          continue;
        }
        try {
          texts.push(...(await readTextTasks(bytes, path)));
        } catch (e) {
          errors.push(e.message);
        }
      } else {
        errors.push(`${path}: not an image or a text file (skipped)`);
      }
    }
    images.sort();
    const matched = matchImages(lsTasks, images);
    // Images referred to by the Label Studio tasks are not tasks of their own.
    const referenced = new Set(matched.tasks.flatMap((t) => Object.values(t.data)).filter((v) => typeof v === 'string'));
    data = { images: images.filter((p) => !referenced.has(p)), texts, lsTasks: matched.tasks, errors, unmatched: matched.unmatched };
    const parts = [];
    if (data.images.length) parts.push(`${data.images.length} images`);
    if (texts.length) parts.push(`${texts.length} texts`);
    if (lsTasks.length) parts.push(`${lsTasks.length} Label Studio tasks (${matched.matched} images found among the picked files)`);
    summary.textContent = parts.length ? parts.join(', ') + '.' : 'No usable files yet.';
    if (!sets.length && !lsTasks.length) {
      if (data.images.length) addLabelSet(0);
      else if (texts.length) addLabelSet(6);
    }
    check();
  }

  function check() {
    const have = { images: data.images.length + data.lsTasks.length, texts: data.texts.length + data.lsTasks.length, labelStudio: data.lsTasks.length };
    const problems = [...data.errors];
    if (!have.images && !have.texts) problems.push('Pick or drop the images or texts to label.');
    if (!nameInput.value.trim()) problems.push('Give the project a name.');
    problems.push(...labelSetProblems(sets, have, commandKeys()));
    if (data.unmatched.length) {
      problems.push(`Note: ${data.unmatched.length} image references of the Label Studio file are not among the picked files and are kept as they are (first: ${data.unmatched[0]}).`);
    }
    problemsBox.replaceChildren(...problems.map((p) => el('li', { text: p, className: p.startsWith('Note:') ? 'note' : '' })));
    const blocking = problems.filter((p) => !p.startsWith('Note:'));
    createButton.disabled = blocking.length > 0;
    return blocking;
  }

  filesInput.addEventListener('change', () => readFiles([...filesInput.files].map((file) => ({ file, path: file.name }))));
  folderInput.addEventListener('change', () => readFiles([...folderInput.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }))));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    await readFiles(await droppedFiles(e.dataTransfer));
  });
  nameInput.addEventListener('input', check);
  clearButton.addEventListener('click', () => {
    picked.clear();
    filesInput.value = '';
    folderInput.value = '';
    readFiles([]);
  });
  addSet.addEventListener('click', () => addLabelSet(Number(kindSelect.value)));
  cancelButton.addEventListener('click', () => root.close());
  createButton.addEventListener('click', async () => {
    if (check().length) return;
    createButton.disabled = true;
    const { projectText, labelsText } = buildProject({ name: nameInput.value.trim(), sets, images: data.images, texts: data.texts, lsTasks: data.lsTasks });
    const used = new Set([...data.images, ...data.lsTasks.flatMap((t) => Object.values(t.data))]);
    const files = [...picked].filter(([path]) => fileKind(path) === 'image' && used.has(path)).map(([path, blob]) => ({ path, blob }));
    try {
      await create({ name: nameInput.value.trim(), projectText, labelsText, files });
    } catch (e) {
      problemsBox.replaceChildren(el('li', { text: `The project could not be saved: ${e.message}` }));
      createButton.disabled = false;
    }
  });

  return {
    open() {
      renderSets();
      root.showModal();
    },
    close() {
      root.close();
    },
  };
}
