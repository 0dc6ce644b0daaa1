import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestDocument } from './manifest-document.js';
import { parseYamlFile } from './parse-yaml-file.js';
import type { ProblemList } from './problem-list.js';

/** The manifests the local profile reads (k8s/README.md, "Lab annotations": where the lab reads them). */
export interface ManifestInput {
  /** Every file read, relative to the repository root, in the order read. */
  files: string[];
  documents: ManifestDocument[];
  /** `<manifestsDir>/base/kustomization.yaml`, as problems name it. */
  kustomizationFile: string;
  /** The lab's Secret file, as problems name it. */
  secretsFile: string;
}

/** Kustomization fields that would make `kustomize build base` differ from the plain files. */
const TRANSFORMERS = [
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'images',
  'replicas',
  'configMapGenerator',
  'secretGenerator',
  'components',
];

const PLAIN_BASE_HINT =
  'the local profile reads the listed files as they are; see k8s/README.md, Lab annotations';

const isUrl = (entry: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
  /^(github\.com|gitlab\.com)\//.test(entry) ||
  entry.includes('?ref=');

function displayPath(repoRoot: string, absolute: string): string {
  const relative = path.relative(repoRoot, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? absolute
    : relative.split(path.sep).join('/');
}

async function readText(absolute: string): Promise<string | { problem: string }> {
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) return { problem: 'is a directory; expected a YAML file' };
    return await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})` };
  }
}

/**
 * Reads `<manifestsDir>/base/kustomization.yaml`, every file under its `resources:`, then the lab's
 * Secret (`<manifestsDir>/overlays/lab/backend-secrets.yaml`). Problems are collected, not thrown.
 */
export async function readManifests(
  repoRoot: string,
  manifestsDir: string,
  problems: ProblemList,
): Promise<ManifestInput> {
  const root = path.resolve(repoRoot, manifestsDir);
  const baseDir = path.join(root, 'base');
  const kustomizationPath = path.join(baseDir, 'kustomization.yaml');
  const kustomizationFile = displayPath(repoRoot, kustomizationPath);
  const secretsPath = path.join(root, 'overlays', 'lab', 'backend-secrets.yaml');
  const input: ManifestInput = {
    files: [],
    documents: [],
    kustomizationFile,
    secretsFile: displayPath(repoRoot, secretsPath),
  };

  const kustomizationText = await readText(kustomizationPath);
  if (typeof kustomizationText !== 'string') {
    problems.add({
      file: kustomizationFile,
      message: `${kustomizationText.problem}; it lists the manifests the lab runs`,
      hint: `is manifestsDir "${manifestsDir}" right?`,
    });
    return input;
  }
  input.files.push(kustomizationFile);
  const [parsedKustomization] = parseYamlFile(kustomizationFile, kustomizationText, problems);
  if (!parsedKustomization) return input;
  // Configuration for kustomize, not a Kubernetes object: problems name the file and field only.
  const kustomization = { ...parsedKustomization, resource: undefined };

  const config = kustomization.value as Record<string, unknown>;
  for (const field of TRANSFORMERS.filter((f) => f in config)) {
    problems.at(kustomization, [field], `base must not transform its resources (${field})`, PLAIN_BASE_HINT);
  }
  const resources = config.resources;
  if (!Array.isArray(resources)) {
    problems.at(kustomization, ['resources'], 'expected a list of manifest files');
    return input;
  }

  const toRead: { absolute: string; entry?: number }[] = [];
  resources.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string' || entry.length === 0) {
      problems.at(kustomization, ['resources', index], `expected a file path, got ${JSON.stringify(entry)}`);
    } else if (isUrl(entry)) {
      problems.at(
        kustomization,
        ['resources', index],
        `"${entry}" is a URL; expected a file in the repository`,
        PLAIN_BASE_HINT,
      );
    } else {
      toRead.push({ absolute: path.resolve(baseDir, entry), entry: index });
    }
  });
  toRead.push({ absolute: secretsPath });

  for (const { absolute, entry } of toRead) {
    const file = displayPath(repoRoot, absolute);
    const content = await readText(absolute);
    if (typeof content !== 'string') {
      if (entry === undefined) {
        problems.add({
          file,
          message: `${content.problem}; the lab's Secret for the local profile lives here`,
        });
      } else {
        problems.at(kustomization, ['resources', entry], `${file} ${content.problem}`, PLAIN_BASE_HINT);
      }
      continue;
    }
    input.files.push(file);
    input.documents.push(...parseYamlFile(file, content, problems));
  }
  return input;
}
