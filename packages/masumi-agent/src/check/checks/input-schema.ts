import { fail, type Check } from "../check.js";
import { describeAnswer, is2xx } from "../exchange.js";
import {
  fieldsHaveIdAndType,
  hasFieldList,
  knownFieldTypes,
  typeDataPresent,
  wellFormedGroups,
  wellFormedValidations,
} from "../input-schema/problems.js";
import { REF } from "../refs.js";
import { schemaRule } from "./schema-rule.js";

const fieldList = schemaRule(
  {
    id: "IS-one-of",
    level: "MUST",
    ref: REF.inputSchema,
    title: "GET /input_schema answers input_data or input_groups as a list",
    hint: 'Answer 200 with {"input_data": [fields]} (or {"input_groups": [{"id", "title", "input_data"}]}).',
  },
  hasFieldList,
  "a 2xx JSON object with an input_data or input_groups list",
);

export const inputSchemaChecks: Check[] = [
  {
    ...fieldList,
    // Unlike the other schema rules, this one also owns the status code of the answer.
    async run(ctx) {
      const { exchange } = await ctx.facts.schema();
      if (!is2xx(exchange)) {
        return fail({
          message: "GET /input_schema did not succeed",
          expected: "a 2xx answer",
          actual: describeAnswer(exchange),
          exchange,
        });
      }
      return fieldList.run(ctx);
    },
  },
  schemaRule(
    {
      id: "IS-groups",
      level: "MUST",
      ref: REF.inputSchema,
      title: "every input group has an id, a title and an input_data list; group ids are unique",
      hint: 'Write each group as {"id": "...", "title": "...", "input_data": [fields]}.',
    },
    wellFormedGroups,
    "groups with id, title and input_data",
  ),
  schemaRule(
    {
      id: "IS-field-keys",
      level: "MUST",
      ref: REF.fields,
      title: "every field is an object with a string id and type",
      hint: 'Give every field "id" (the key of its value in input_data) and "type".',
    },
    fieldsHaveIdAndType,
    "fields with a non-empty id and type",
  ),
  schemaRule(
    {
      id: "IS-known-types",
      level: "MUST",
      ref: REF.fields,
      title: "every field type is one of the types of Attachment 01",
      hint: "Use one of: none string text textarea number boolean email password tel url date datetime-local time month week color range file hidden search checkbox radio option multiselect.",
    },
    knownFieldTypes,
    "known field types only",
  ),
  schemaRule(
    {
      id: "IS-field-data",
      level: "MUST",
      ref: REF.fields,
      title: 'hidden fields carry data.value, file fields data.outputFormat "url", range fields numeric data bounds',
      hint: 'hidden: data.value (the value sent); file: data.outputFormat "url"; range: numeric data.min/max/step.',
    },
    typeDataPresent,
    "the data each type needs",
  ),
  schemaRule(
    {
      id: "IS-validations",
      level: "MUST",
      ref: REF.fields,
      title: "validations are {validation, value} pairs with known names and well-formed string values",
      hint: 'Write validations as [{"validation": "min", "value": "1"}]: values are strings; names min max format optional accept step.',
    },
    wellFormedValidations,
    "well-formed validations",
  ),
];
