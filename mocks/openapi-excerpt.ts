// Reads an OpenAPI excerpt (docs/contract/*.yaml) for the contract tests of the fakes: finds an
// operation, and compiles its response (or request body) schemas with ajv against the excerpt's
// components after the patches a test names (where FACTS.md, what real servers send, wins).
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Content = Record<string, { schema?: unknown }>;

export interface OpenApiOperation {
  operationId: string;
  requestBody?: { content?: Content };
  responses: Record<string, { $ref?: string; content?: Content }>;
}

export type SchemaObject = Record<string, unknown> & {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
};

export interface OpenApiComponents {
  schemas: Record<string, SchemaObject>;
  responses: Record<string, { content?: Content }>;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: OpenApiComponents;
}

/** A schema of the components, with its properties, for a patch to change. */
export function schemaOf(c: OpenApiComponents, name: string) {
  const s = c.schemas[name];
  if (!s?.properties) throw new Error(`excerpt lacks ${name}`);
  return s as SchemaObject & { properties: Record<string, Record<string, unknown>> };
}

/** Points local `#/components/...` refs at one of the documents added to ajv. */
function rebase(schema: unknown, docId: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rebase(s, docId));
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/')
          ? `${docId}${v}`
          : rebase(v, docId),
      ]),
    );
  }
  return schema;
}

function firstSchema(content: Content | undefined): unknown {
  return content ? Object.values(content).find((m) => m.schema !== undefined)?.schema : undefined;
}

export class OpenApiExcerpt {
  readonly doc: OpenApiDoc;
  readonly ajv = new Ajv({ strict: false, allErrors: true });

  /**
   * `variants`: document id → patch of a copy of the components. Every schema is compiled
   * against one variant (e.g. `atlas`, or `opsmanager` where Ops Manager names may have spaces).
   */
  constructor(url: URL, variants: Record<string, (c: OpenApiComponents) => void>) {
    this.doc = parse(readFileSync(url, 'utf8')) as OpenApiDoc;
    addFormats(this.ajv);
    for (const [id, patch] of Object.entries(variants)) {
      const components = structuredClone(this.doc.components);
      patch(components);
      this.ajv.addSchema({ $id: id, components });
    }
  }

  find(operationId: string): { path: string; method: string; op: OpenApiOperation } {
    for (const [path, methods] of Object.entries(this.doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op.operationId === operationId) return { path, method: method.toUpperCase(), op };
      }
    }
    throw new Error(`${operationId} is not in the excerpt`);
  }

  /** The media types an operation documents for one status (e.g. versioned Atlas types). */
  mediaTypes(op: OpenApiOperation, status: string): string[] {
    const response = op.responses[status];
    if (!response) throw new Error(`${op.operationId} documents no ${status}`);
    const content = response.$ref
      ? this.doc.components.responses[response.$ref.replace('#/components/responses/', '')]?.content
      : response.content;
    return Object.keys(content ?? {});
  }

  /** The response schema for one documented status (null = no body), against `docId`. */
  response(op: OpenApiOperation, status: string, docId: string): ValidateFunction | null {
    const response = op.responses[status];
    if (!response) throw new Error(`${op.operationId} documents no ${status}`);
    let schema = response.$ref
      ? firstSchema(
          this.doc.components.responses[response.$ref.replace('#/components/responses/', '')]
            ?.content,
        )
      : firstSchema(response.content);
    if (schema === undefined) return null;
    // 401 may come without an errorCode (FACTS.md): the variants define ApiError401 for it.
    if (status === '401') schema = { $ref: '#/components/schemas/ApiError401' };
    return this.ajv.compile(rebase(schema, docId) as object);
  }

  /** The request body schema for one media type, against `docId`. */
  requestBody(op: OpenApiOperation, mediaType: string, docId: string): ValidateFunction {
    const schema = op.requestBody?.content?.[mediaType]?.schema;
    if (schema === undefined) throw new Error(`${op.operationId} takes no ${mediaType} body`);
    return this.ajv.compile(rebase(schema, docId) as object);
  }

  /** A named component schema, against `docId`. */
  component(name: string, docId: string): ValidateFunction {
    return this.ajv.compile({ $ref: `${docId}#/components/schemas/${name}` });
  }
}

/**
 * FACTS.md over both excerpts: real answers send `"parameters": null`; a 401 may carry no
 * errorCode (ApiError401); ConnectedOrgConfig.identityProviderId is 20 hex (legacy), 24 hex or
 * null, and userConflicts an array or null.
 */
export function applyFactsPatches(c: OpenApiComponents): void {
  const apiError = schemaOf(c, 'ApiError');
  apiError.properties.parameters = { ...apiError.properties.parameters, type: ['array', 'null'] };
  c.schemas.ApiError401 = { ...structuredClone(apiError), required: ['error'] };
  const config = schemaOf(c, 'ConnectedOrgConfig');
  config.properties.identityProviderId = {
    ...config.properties.identityProviderId,
    type: ['string', 'null'],
    pattern: '^([a-f0-9]{20}|[a-f0-9]{24})$',
  };
  config.properties.userConflicts = { ...config.properties.userConflicts, type: ['array', 'null'] };
}
