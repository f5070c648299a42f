/** Every governance lint rule. A new rule is one file in this folder and one line here. */
import type { LintRule } from '../rule.ts';
import classifiedNullable from './classifiedNullable.ts';
import dataProductMetadata from './dataProductMetadata.ts';
import descriptions from './descriptions.ts';
import descriptorConsistency from './descriptorConsistency.ts';
import naming from './naming.ts';
import personalData from './personalData.ts';

export const RULES: readonly LintRule<any>[] = [descriptions, dataProductMetadata, personalData, naming, descriptorConsistency, classifiedNullable];
