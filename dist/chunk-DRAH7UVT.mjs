import { dirname as __dpgDir } from 'node:path';
import { fileURLToPath as __dpgPath, pathToFileURL as __dpgToUrl } from 'node:url';
const __dpgRoot = __dpgDir(__dpgDir(__dpgPath(import.meta.url)));
const __dpgSource = (rel) => __dpgRoot + '/' + rel;
const __dpgUrl = (file) => __dpgToUrl(file).href;
import {
  Memo,
  sha256
} from "./chunk-IL5HGDU7.mjs";

// policies/engine/apiSchema.ts
import { Supergraph } from "@apollo/federation-internals";
var schemas = new Memo(8);
function apiSchemaOf(supergraphSdl) {
  return schemas.get(sha256(supergraphSdl), () => Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}

export {
  apiSchemaOf
};
