/**
 * Builds the placeholders of one DynamoDB request's expressions (update, condition, key, filter),
 * so no attribute name or value is ever spliced into expression text and none clashes with a
 * reserved word.
 */
export class ExpressionBuilder {
  readonly #names = new Map<string, string>();
  readonly #values: Record<string, unknown> = {};
  readonly #sets: string[] = [];
  readonly #adds: string[] = [];

  /** `#n<i>` for an attribute; the same attribute gets the same placeholder. */
  name(attribute: string): string {
    let placeholder = this.#names.get(attribute);
    if (!placeholder) {
      placeholder = `#n${this.#names.size}`;
      this.#names.set(attribute, placeholder);
    }
    return placeholder;
  }

  /** A nested attribute: `#n0.#n1`. */
  path(...attributes: string[]): string {
    return attributes.map((attribute) => this.name(attribute)).join(".");
  }

  /** `:v<i>` for a value. */
  value(value: unknown): string {
    const placeholder = `:v${Object.keys(this.#values).length}`;
    this.#values[placeholder] = value;
    return placeholder;
  }

  /** `SET` each field given a value; undefined fields are left as they are. */
  set(fields: Record<string, unknown>): this {
    for (const [field, value] of Object.entries(fields)) {
      if (value !== undefined) this.#sets.push(`${this.name(field)} = ${this.value(value)}`);
    }
    return this;
  }

  /** A `SET` action written out, for what `set` cannot say (`list_append`); placeholders from this builder. */
  setExpression(action: string): this {
    this.#sets.push(action);
    return this;
  }

  /** `ADD` to numbers (missing ones start at 0). */
  add(amounts: Record<string, number>): this {
    for (const [field, by] of Object.entries(amounts))
      this.#adds.push(`${this.name(field)} ${this.value(by)}`);
    return this;
  }

  /** The `UpdateExpression` of the `set` and `add` calls so far. */
  update(): string {
    return [
      ...(this.#adds.length ? [`ADD ${this.#adds.join(", ")}`] : []),
      ...(this.#sets.length ? [`SET ${this.#sets.join(", ")}`] : []),
    ].join(" ");
  }

  /** The placeholders used, as a request takes them (DynamoDB refuses empty maps). */
  attributes(): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } {
    const names = Object.fromEntries(
      [...this.#names].map(([attribute, placeholder]) => [placeholder, attribute]),
    );
    return {
      ...(this.#names.size ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(this.#values).length ? { ExpressionAttributeValues: this.#values } : {}),
    };
  }
}
