import { Size } from 'cdk8s';
import { checkArgs } from './jsii-props';

/**
 * An amount of CPU, as Kubernetes writes it (`"250m"`, `"1"`). The same factories as
 * cdk8s-plus's `Cpu`.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-cpu
 */
export class Cpu {
  /**
   * Thousandths of a CPU: `Cpu.millis(250)` is `"250m"`.
   *
   * @param amount the number of millicores
   */
  public static millis(amount: number): Cpu {
    checkArgs(undefined, 'Cpu', 'millis', [amount]);
    return new Cpu(`${amount}m`);
  }

  /**
   * Whole (or fractional) CPUs: `Cpu.units(1)` is `"1"`.
   *
   * @param amount the number of CPUs
   */
  public static units(amount: number): Cpu {
    checkArgs(undefined, 'Cpu', 'units', [amount]);
    return new Cpu(amount.toString());
  }

  /**
   * The quantity as Kubernetes writes it.
   */
  public readonly amount: string;

  private constructor(amount: string) {
    this.amount = amount;
  }
}

/**
 * CPU request and limit.
 */
export interface CpuResources {
  /**
   * What the scheduler reserves for the container.
   *
   * @default - no request
   */
  readonly request?: Cpu;

  /**
   * The most the container may use; above it, it is throttled.
   *
   * @default - no limit
   */
  readonly limit?: Cpu;
}

/**
 * Memory request and limit.
 */
export interface MemoryResources {
  /**
   * What the scheduler reserves for the container.
   *
   * @default - no request
   */
  readonly request?: Size;

  /**
   * The most the container may use; above it, it is killed (OOMKilled).
   *
   * @default - no limit
   */
  readonly limit?: Size;
}

/**
 * Local ephemeral storage request and limit.
 */
export interface EphemeralStorageResources {
  /**
   * What the scheduler reserves for the container.
   *
   * @default - no request
   */
  readonly request?: Size;

  /**
   * The most the container may write; above it, the pod is evicted.
   *
   * @default - no limit
   */
  readonly limit?: Size;
}

/**
 * Requests and limits of a container, with the same fields as cdk8s-plus's
 * `ContainerResources`.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface ContainerResources {
  /**
   * CPU request and limit.
   *
   * @default - no CPU request or limit
   */
  readonly cpu?: CpuResources;

  /**
   * Memory request and limit.
   *
   * @default - no memory request or limit
   */
  readonly memory?: MemoryResources;

  /**
   * Ephemeral storage request and limit.
   *
   * @default - no ephemeral storage request or limit
   */
  readonly ephemeralStorage?: EphemeralStorageResources;
}
