import { dirname as __dpgDir } from 'node:path';
import { fileURLToPath as __dpgPath, pathToFileURL as __dpgToUrl } from 'node:url';
const __dpgRoot = __dpgDir(__dpgDir(__dpgPath(import.meta.url)));
const __dpgSource = (rel) => __dpgRoot + '/' + rel;
const __dpgUrl = (file) => __dpgToUrl(file).href;
import {
  apiSchemaOf
} from "./chunk-DRAH7UVT.mjs";
import "./chunk-IL5HGDU7.mjs";
export {
  apiSchemaOf
};
