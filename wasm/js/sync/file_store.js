// A store in a folder of JSON files (Node only: tools and tests). Writes go to a temporary
// file that is renamed over the old one, so a save is atomic.
import fs from 'node:fs/promises';
import path from 'node:path';

export class FileStore {
  constructor(dir) {
    this.dir = dir;
    this.counter = 0;
  }
  file(name) {
    return path.join(this.dir, encodeURIComponent(name) + '.json');
  }
  async load(name) {
    try {
      return JSON.parse(await fs.readFile(this.file(name), 'utf8'));
    } catch (err) {
      if (err.code === 'ENOENT') return null;
      throw err;
    }
  }
  async save(name, value) {
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file(name)}.${process.pid}.${++this.counter}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(value));
    await fs.rename(tmp, this.file(name));
  }
}
