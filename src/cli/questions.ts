import * as prompts from "@clack/prompts";
import { CHOICE_HINTS } from "../options.js";
import { isBuilt } from "../stack/support.js";
import { CancelledError } from "./errors.js";

/** How a choice is shown; by default its value, its hint from CHOICE_HINTS, disabled when not built. */
export interface ChoiceLook {
  label?: string;
  hint?: string;
  disabled?: boolean;
}

/** The questions the CLI may ask; an interface so tests can answer them without a terminal. */
export interface Questions {
  text(
    message: string,
    initial: string,
    validate: (value: string) => string | undefined,
  ): Promise<string>;
  select<T extends string>(
    message: string,
    choices: readonly T[],
    initial: T,
    look?: (choice: T) => ChoiceLook,
  ): Promise<T>;
  confirm(message: string, initial: boolean): Promise<boolean>;
}

// One spelling of the word everywhere, also in the prompts' own messages.
prompts.updateSettings({ messages: { cancel: "Cancelled" } });

function answered<T>(value: T | symbol): T {
  if (prompts.isCancel(value)) throw new CancelledError();
  return value as T;
}

/** Questions asked on the terminal with @clack/prompts. */
export const terminalQuestions: Questions = {
  async text(message, initial, validate) {
    return answered<string>(
      await prompts.text({
        message,
        placeholder: initial,
        defaultValue: initial,
        validate: (value) => validate(value || initial),
      }),
    );
  },
  async select<T extends string>(
    message: string,
    choices: readonly T[],
    initial: T,
    look?: (choice: T) => ChoiceLook,
  ) {
    const options = choices.map((value) => {
      const shown = look?.(value) ?? {};
      return {
        value,
        label: shown.label ?? value,
        hint: shown.hint ?? (isBuilt(value) ? CHOICE_HINTS[value] : "coming soon"),
        disabled: shown.disabled ?? !isBuilt(value),
      };
    });
    // Every choice is a string, so the answer is one of `choices`.
    return answered(await prompts.select<string>({ message, options, initialValue: initial })) as T;
  },
  async confirm(message, initial) {
    return answered<boolean>(await prompts.confirm({ message, initialValue: initial }));
  },
};
