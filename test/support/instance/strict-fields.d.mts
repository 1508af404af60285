/** Fields of `object` that the kubernetes-models schema of `modelPath` does not know (dotted paths). */
export function unknownFields(object: unknown, modelPath: string): string[];
