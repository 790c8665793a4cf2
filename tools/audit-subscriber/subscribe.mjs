#!/usr/bin/env node
// An external subscriber of Lore's audit topic, written with kafkajs (not the Java client the
// services use). Reads lore.audit.v1 from the beginning under a group id of its own, validates
// each event against docs/schemas/lore.audit.v1.schema.json and prints one JSON line per message:
//   {"topic","partition","offset","key","headers","value","valid","errors"}
// Logs go to stderr, so stdout carries only those lines.
//
//   node subscribe.mjs --brokers localhost:9092 [--topic lore.audit.v1] [--group my-group]
//                      [--max N] [--timeout-ms MS] [--schema PATH]
//
// Brokers may also come from KAFKA_BROKERS (comma-separated). Stops after --max messages
// (exit 0), or when --timeout-ms passes (exit 0 with no --max, else 3: fewer than asked for).
// Exit 2: bad arguments; 1: Kafka or schema error.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  process.stderr.write(`${message}\nusage: node subscribe.mjs --brokers HOST:PORT[,…] [--topic lore.audit.v1] ` +
    "[--group ID] [--max N] [--timeout-ms MS] [--schema PATH]\n");
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    brokers: process.env.KAFKA_BROKERS ?? "",
    topic: "lore.audit.v1",
    group: `lore-audit-subscriber-${randomUUID()}`,
    max: 0,
    timeoutMs: 0,
    schema: resolve(here, "../../docs/schemas/lore.audit.v1.schema.json"),
  };
  const names = { "--brokers": "brokers", "--topic": "topic", "--group": "group", "--max": "max",
    "--timeout-ms": "timeoutMs", "--schema": "schema" };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const name = names[flag];
    if (!name) {
      usage(`unknown argument: ${argv[i]}`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      usage(`${flag} needs a value`);
    }
    options[name] = value;
  }
  for (const name of ["max", "timeoutMs"]) {
    const n = Number(options[name]);
    if (!Number.isInteger(n) || n < 0) {
      usage(`${name} must be a whole number >= 0`);
    }
    options[name] = n;
  }
  options.brokers = String(options.brokers).split(",").map((b) => b.trim().replace(/^[A-Za-z_]+:\/\//, ""))
    .filter(Boolean);
  if (options.brokers.length === 0) {
    usage("no brokers: pass --brokers or set KAFKA_BROKERS");
  }
  return options;
}

function validator(schemaPath) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
}

function text(buffer) {
  return buffer == null ? null : buffer.toString("utf8");
}

function headers(raw) {
  const out = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    out[name] = Array.isArray(value) ? value.map(text) : text(value);
  }
  return out;
}

function line(topic, partition, message, validate) {
  const raw = text(message.value);
  let value = raw;
  let valid = false;
  let errors = [];
  try {
    value = JSON.parse(raw);
    valid = validate(value);
    errors = valid ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}` +
      (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""));
  } catch (e) {
    errors = [`not JSON: ${e.message}`];
  }
  return JSON.stringify({ topic, partition, offset: message.offset, key: text(message.key),
    headers: headers(message.headers), value, valid, errors });
}

const options = parseArgs(process.argv.slice(2));
const validate = validator(options.schema);
const kafka = new Kafka({
  clientId: "lore-audit-subscriber",
  brokers: options.brokers,
  logLevel: logLevel.WARN,
  logCreator: () => ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    process.stderr.write(`[kafkajs ${namespace}] ${message} ${JSON.stringify(extra)}\n`);
  },
});
const consumer = kafka.consumer({ groupId: options.group });

let received = 0;
let stopping = false;

async function stop(code) {
  if (stopping) {
    return;
  }
  stopping = true;
  try {
    await consumer.disconnect();
  } catch (e) {
    process.stderr.write(`disconnect failed: ${e.message}\n`);
  }
  process.stdout.write("", () => process.exit(code));
}

if (options.timeoutMs > 0) {
  setTimeout(() => {
    process.stderr.write(`timeout after ${options.timeoutMs} ms with ${received} message(s)\n`);
    stop(options.max > 0 && received < options.max ? 3 : 0);
  }, options.timeoutMs).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

try {
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    eachMessage: async ({ topic, partition, message }) => {
      if (stopping || (options.max > 0 && received >= options.max)) {
        return;
      }
      process.stdout.write(line(topic, partition, message, validate) + "\n");
      received++;
      if (options.max > 0 && received >= options.max) {
        stop(0);
      }
    },
  });
} catch (e) {
  process.stderr.write(`subscriber failed: ${e.stack ?? e}\n`);
  process.exit(1);
}
