// Compile a JSON Schema (draft 2020-12) with ajv in strict mode and ajv-formats, then
// validate one JSON document against it. Prints the errors as JSON; exit 0 valid, 1 invalid,
// 2 if the schema does not compile.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, documentPath] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (error) {
  console.log(JSON.stringify({ compiled: false, error: String(error.message) }));
  process.exit(2);
}
const valid = validate(JSON.parse(readFileSync(documentPath, "utf8")));
console.log(JSON.stringify({ compiled: true, valid, errors: validate.errors ?? [] }));
process.exit(valid ? 0 : 1);
