import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readGitStateDocuments, SharedDocuments, StateDocument } from '../check/state';

/**
 * The previous state at a Git ref, for the validation plugin (`previousRef`) and the
 * command-line tool (`check --previous-ref`): the manifests committed there, which commit that
 * was, and, when there are none, why. "Nothing there" has three causes that need different
 * fixes, and none of them may pass silently as "compared with an empty state":
 *
 * - the folder is ignored by Git (`cdk8s init` writes a .gitignore with `dist/`): no commit will
 *   ever hold the manifests, so every comparison would be with nothing;
 * - the repository has no commit yet;
 * - the ref has no manifests at that path (the change that adds them, or a wrong path).
 *
 * Not exported from src/index.ts (free functions are not jsii API).
 */

/** Why a previous state at a ref holds no manifests. */
export type EmptyReason = 'ignored' | 'no-commits' | 'absent';

/** What was read at the ref. */
export interface GitPrevious {
  /** The documents committed at the path. */
  readonly documents: StateDocument[];
  /** The commit the ref names, abbreviated; absent in a repository without commits. */
  readonly commit?: string;
  /** The path read, relative to the repository's top folder (`.` for all of it). */
  readonly path: string;
  /** When there are no documents: why, what that means, and how to fix it. */
  readonly empty?: { readonly reason: EmptyReason; readonly message: string; readonly fix: string };
}

/** The ref or repository cannot give a previous state: the message says why, `fix` what to do. */
export class PreviousStateError extends Error {
  constructor(message: string, public readonly fix: string) {
    super(message);
    this.name = 'PreviousStateError';
  }
}

/** How the caller names its settings in fixes: the plugin's properties or the CLI's options. */
export interface PreviousSettingNames {
  /** `previousRef` or `--previous-ref`. */
  readonly ref: string;
  /** How to read another path at the ref, e.g. `set previousPath to the folder the manifests are committed in`. */
  readonly pathFix: string;
  /** How to compare with a folder on disk instead: `previous: dist-previous` or `PREVIOUS NEXT`. */
  readonly folder: string;
  /** How to accept an empty previous state on purpose, if the caller has a way. */
  readonly allowEmpty?: string;
}

function run(cwd: string, args: string[]): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }) };
  } catch (e) {
    if ((e as { code?: unknown })?.code === 'ENOENT') {
      throw new PreviousStateError('git cannot be run: it is not installed or not on PATH.', 'Install git, or compare with a folder on disk instead.');
    }
    return { ok: false, out: '' };
  }
}

/**
 * Reads the manifests committed at `ref` under `at` (relative to `repo`, as with `git -C`).
 * Throws a PreviousStateError when `repo` is not in a Git repository or `ref` names no commit in
 * a repository that has commits; a StateInputError (src/check/state.ts) when a committed file is
 * not YAML of Kubernetes objects. `shared`: the documents of the new state, already read, so that
 * those the ref holds unchanged are not parsed again.
 */
export function readPreviousAtRef(repo: string, ref: string, at: string, names: PreviousSettingNames, shared?: SharedDocuments): GitPrevious {
  if (!fs.existsSync(repo)) {
    throw new PreviousStateError(`The Git repository ${repo} does not exist.`, `Point ${names.ref} at a folder inside the repository that commits the manifests.`);
  }
  const top = run(repo, ['rev-parse', '--show-toplevel']);
  if (!top.ok) {
    throw new PreviousStateError(`${path.resolve(repo)} is not inside a Git repository, so ${names.ref} (${ref}) has nothing to read.`,
      `Run it inside the repository that commits the manifests (git init, then commit them), or compare with a folder on disk: ${names.folder}.`);
  }
  const root = top.out.trim();
  const relative = path.relative(root, path.resolve(fs.realpathSync(repo), at)).split(path.sep).join('/') || '.';
  const ignoredBy = (): string | undefined => {
    // `git check-ignore -v` prints "<source>:<line>:<pattern>\t<path>" for an ignored path (git-check-ignore(1)).
    const r = run(root, ['check-ignore', '-v', '--', relative]);
    return r.ok && r.out.trim() !== '' ? r.out.trim().split('\t')[0] : undefined;
  };
  const ignored = (rule: string) => ({
    reason: 'ignored' as const,
    message: `${relative} is ignored by Git (${rule}), so no commit holds the manifests written there and ${ref} has none to compare with: the transition rules would always compare with an empty state.`,
    fix: `With Git as the control plane the synthesized manifests are committed (Argo CD and Flux apply what is in Git): remove the pattern from the ignore file and commit ${relative}. Or compare with a folder on disk instead: ${names.folder}.`,
  });

  const hasCommits = run(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).ok;
  const commit = run(root, ['rev-parse', '--verify', '--quiet', '--short', `${ref}^{commit}`]);
  if (!commit.ok) {
    if (hasCommits) {
      throw new PreviousStateError(`${names.ref} names "${ref}", which is no branch, tag or commit of the repository ${root}.`,
        `Fetch it first (e.g. git fetch origin main; CI checkouts often hold only the commit under test: with actions/checkout set fetch-depth: 0), or set ${names.ref} to an existing ref.`);
    }
    const rule = ignoredBy();
    return {
      documents: [],
      path: relative,
      empty: rule ? ignored(rule) : {
        reason: 'no-commits',
        message: `The repository ${root} has no commit yet, so ${ref} holds no manifests: compared with an empty state (everything in the new manifests is new).`,
        fix: `Commit the synthesized manifests (${relative}); from the next change on, ${names.ref} compares with them.${names.allowEmpty ? ` ${names.allowEmpty}` : ''}`,
      },
    };
  }
  const documents = readGitStateDocuments(root, ref, relative, { missingIsEmpty: true, shared });
  const sha = commit.out.trim();
  if (documents.length > 0) { return { documents, commit: sha, path: relative }; }
  const rule = ignoredBy();
  return {
    documents,
    commit: sha,
    path: relative,
    empty: rule ? ignored(rule) : {
      reason: 'absent',
      message: `${ref} (${sha}) holds no manifests at ${relative}: compared with an empty state.`,
      fix: `Expected once, in the change that adds the manifests. Otherwise ${names.pathFix}.${names.allowEmpty ? ` ${names.allowEmpty}` : ''}`,
    },
  };
}
