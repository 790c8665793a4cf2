#!/usr/bin/env node
// The official OpenAI Node SDK against Lore's /v1/embeddings. Prints one JSON document with what
// the SDK made of each answer: by default the SDK asks for base64 and decodes it itself, so this
// checks Lore's encoding as the SDK reads it, next to the float answer and an error.
//   node embeddings.mjs --base-url http://localhost:8080/v1 --api-key sk-… --model baai/bge-small-en-v1.5
import OpenAI from 'openai';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    'api-key': { type: 'string' },
    model: { type: 'string', default: 'baai/bge-small-en-v1.5' },
    // optional: a key without the embeddings permission
    'other-key': { type: 'string' },
  },
});
const client = withKey(args['api-key']);
const input = ['How long do refunds take?', 'Parcels ship within two days.'];

async function outcome(request, using = client) {
  try {
    const r = await using.embeddings.create(request);
    return { object: r.object, model: r.model, usage: r.usage,
      data: r.data.map((d) => ({ object: d.object, index: d.index, embedding: Array.from(d.embedding) })) };
  } catch (e) {
    if (!(e instanceof OpenAI.APIError)) throw e;
    return { error: { class: e.constructor.name, status: e.status, code: e.code, type: e.type, param: e.param,
      message: e.message } };
  }
}

console.log(JSON.stringify({
  sdk: JSON.parse(readFileSync(new URL('./node_modules/openai/package.json', import.meta.url))).version,
  default: await outcome({ model: args.model, input }),
  float: await outcome({ model: args.model, input, encoding_format: 'float' }),
  single: await outcome({ model: args.model, input: input[0] }),
  unknown_model: await outcome({ model: 'nobody/no-such-model', input: 'x' }),
  bad_format: await outcome({ model: args.model, input: 'x', encoding_format: 'int8' }),
  wrong_key: await outcome({ model: args.model, input: 'x' }, withKey('sk-' + 'x'.repeat(29))),
  other_key: args['other-key'] ? await outcome({ model: args.model, input: 'x' }, withKey(args['other-key'])) : null,
}));

function withKey(apiKey) {
  return new OpenAI({ baseURL: args['base-url'], apiKey, maxRetries: 0, timeout: 60_000 });
}
