/**
 * F-1 beyond the shared suite (course.test.ts): its examples also read the same all run in
 * order on one instance.
 */
import { describe } from "vitest";
import { module } from "@/lessons/f-1";
import { describeModule } from "./f-1-harness";

describe("F-1 What Redis is and why it exists", () => {
  describeModule(module);
});
