// The one shape of a knowledge-base problem: which file, where in it, and what is wrong, in Chinese.
export interface LoadError {
  file: string;
  line?: number;
  field?: string;
  message: string;
}
