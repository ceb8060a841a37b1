import * as fs from 'fs';
import { canarySizeFor, canaryStableRuns, canaryWeight, formatPosition, parsePosition, PositionData, PositionFileError } from './position-file';
import { checkArgs } from '../core/jsii-props';

/** The kind of release a position file describes. */
export enum ReleaseKind {
  /** A `CanaryIngress`: a weight moved step by step. */
  CANARY = 'canary',
  /** A `BlueGreenService`: a flip of the active colour. */
  BLUE_GREEN = 'blue-green',
}

/**
 * A release's position, read from its position file: which step, which version is stable, which
 * colour is active. Pass it to `CanaryIngress` or `BlueGreenService` as `position`; the
 * construct derives the weight, the sizing, the images and the active colour from it, and
 * `cdk8s-zero-downtime release next` moves it one safe commit on.
 *
 * @example
 * const position = ReleasePosition.fromFile('releases/storefront.json');
 */
export class ReleasePosition {
  /**
   * Reads a position file. A file that is not JSON, has an unknown field, a wrong phase or a
   * step out of range is refused with an error naming the file, the field, the value and the fix.
   *
   * @param file path of the JSON file, relative to the working directory of `cdk8s synth`
   */
  public static fromFile(file: string): ReleasePosition {
    checkArgs(undefined, 'ReleasePosition', 'fromFile', [file]);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new PositionFileError(file, undefined, undefined, `cannot be read (${typeof code === 'string' ? code : String(e)})`, 'pass the path of the release\'s position file, relative to where cdk8s synth runs');
    }
    return new ReleasePosition(parsePosition(text, file), file);
  }

  /**
   * A position from the text of a position file.
   *
   * @param text the JSON text
   * @param source what to call it in messages
   * @default source "position"
   */
  public static fromJson(text: string, source?: string): ReleasePosition {
    checkArgs(undefined, 'ReleasePosition', 'fromJson', [text, source]);
    const name = source ?? 'position';
    return new ReleasePosition(parsePosition(text, name), name);
  }

  /** @internal */
  public readonly _data: PositionData;

  private constructor(data: PositionData, public readonly source: string) {
    this._data = data;
  }

  /** The release (app) name. */
  public get release(): string { return this._data.release; }
  /** Canary or blue-green. */
  public get kind(): ReleaseKind { return this._data.kind === 'canary' ? ReleaseKind.CANARY : ReleaseKind.BLUE_GREEN; }
  /** The phase, as written in the file. */
  public get phase(): string { return this._data.phase; }
  /** The engine the file names ("argocd", "flux", "apply"), if any. */
  public get engine(): string | undefined { return this._data.engine; }
  /** The image repository; the versions are its tags. */
  public get image(): string { return this._data.image; }

  /** Canary: the current step, counted from 1 (0: not started). */
  public get step(): number | undefined { return this._data.kind === 'canary' ? this._data.step : undefined; }
  /** Canary: the weights of the plan. */
  public get steps(): number[] | undefined { return this._data.kind === 'canary' ? [...this._data.steps] : undefined; }
  /** Canary: the known-good version. */
  public get stableVersion(): string | undefined { return this._data.kind === 'canary' ? this._data.stable : undefined; }
  /** Canary: the version being released. */
  public get candidateVersion(): string | undefined { return this._data.kind === 'canary' ? this._data.candidate : undefined; }
  /** Canary: the weight now. */
  public get weight(): number | undefined { return this._data.kind === 'canary' ? canaryWeight(this._data) : undefined; }
  /** Canary: the weight the release is sized for, when it is not the current one. */
  public get sizeForWeight(): number | undefined { return this._data.kind === 'canary' ? canarySizeFor(this._data) : undefined; }
  /** Canary: the image of the stable track (the candidate's once stable is rolled out to it). */
  public get stableImage(): string | undefined { return this._data.kind === 'canary' ? `${this._data.image}:${canaryStableRuns(this._data)}` : undefined; }
  /** Canary: the image of the canary track. */
  public get canaryImage(): string | undefined { return this._data.kind === 'canary' ? `${this._data.image}:${this._data.candidate}` : undefined; }

  /** Blue-green: the active colour ("blue" or "green"). */
  public get activeColor(): string | undefined { return this._data.kind === 'blue-green' ? this._data.active : undefined; }
  /** Blue-green: blue's image. */
  public get blueImage(): string | undefined { return this._data.kind === 'blue-green' ? `${this._data.image}:${this._data.blue}` : undefined; }
  /** Blue-green: green's image. */
  public get greenImage(): string | undefined { return this._data.kind === 'blue-green' ? `${this._data.image}:${this._data.green}` : undefined; }
  /** Blue-green: whether the idle colour is retired (0 pods). */
  public get idleRetired(): boolean | undefined { return this._data.kind === 'blue-green' ? this._data.phase === 'retired' : undefined; }

  /** The file's text, as the tool writes it. */
  public toJson(): string { return formatPosition(this._data); }
}
