// The "Projects" panel: every project made in this page and kept in this browser (newest
// first) with its name, date and number of files; Open goes to it, Delete removes it with its
// files and its edit log (a second click confirms). The example project is listed first.
import { el } from './dom.mjs';
import { deleteLocalProject, listLocalProjects } from './local_projects.mjs';

/**
 * Builds the panel into `root` (an empty <dialog>). `currentId`: the local project open in
 * this page (it cannot be deleted while open). Returns {open(), close()}.
 */
export function createProjectsPanel(root, { currentId = null } = {}) {
  const list = el('ul', { id: 'projects-list', className: 'projects-list' });
  const note = el('p', { id: 'projects-note', className: 'project-note' });
  const closeButton = el('button', { type: 'button', id: 'projects-close', text: 'Close' });
  closeButton.addEventListener('click', () => root.close());
  root.append(
    el('h2', { text: 'Projects in this browser' }),
    el('p', { className: 'project-note', text: 'Projects made with "New project…" stay in this browser (IndexedDB); nothing is uploaded.' }),
    list, note, el('div', { className: 'project-buttons' }, [closeButton]),
  );

  const openUrl = (id) => `${location.pathname}${id ? `?local=${encodeURIComponent(id)}` : ''}`;

  async function render() {
    list.replaceChildren();
    let projects = [];
    try {
      projects = await listLocalProjects();
    } catch (e) {
      note.textContent = `The projects cannot be read: ${e?.message ?? e}`;
    }
    const example = el('li', { className: 'projects-item' }, [
      el('span', { className: 'projects-name', text: 'Example project' }),
      el('span', { className: 'project-note', text: 'images and texts with three annotators' }),
      el('a', { href: openUrl(null), text: 'Open', className: 'projects-open' }),
    ]);
    list.append(example);
    for (const p of projects) {
      const open = el('a', { href: openUrl(p.id), text: 'Open', className: 'projects-open' });
      const remove = el('button', { type: 'button', text: 'Delete', className: 'projects-delete', disabled: p.id === currentId });
      if (p.id === currentId) remove.title = 'This project is open: open another one to delete it';
      let armed = false;
      remove.addEventListener('click', async () => {
        if (!armed) {
          armed = true;
          remove.textContent = 'Delete for good?';
          return;
        }
        remove.disabled = true;
        try {
          await deleteLocalProject(p.id);
          note.textContent = `Deleted "${p.name}".`;
        } catch (e) {
          note.textContent = `"${p.name}" could not be deleted: ${e?.message ?? e}`;
        }
        render();
      });
      const when = p.created ? new Date(p.created).toLocaleString() : '';
      list.append(el('li', { className: 'projects-item', 'data-id': p.id }, [
        el('span', { className: 'projects-name', text: p.name || '(no name)' }),
        el('span', { className: 'project-note', text: `${when} · ${p.fileCount} files${p.id === currentId ? ' · open now' : ''}` }),
        open, remove,
      ]));
    }
    if (!projects.length) note.textContent = 'No project made in this browser yet: "New project…" makes one from your files.';
  }

  return {
    async open() {
      note.textContent = '';
      await render();
      root.showModal();
    },
    close() {
      root.close();
    },
  };
}
