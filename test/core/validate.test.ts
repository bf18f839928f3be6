// What chat may store: URLs, colours, track names. Nothing the widget would have to "trust".
import { describe, expect, it } from "vitest";
import {
  MAX_TRACK_NAME_LENGTH,
  MAX_URL_LENGTH,
  isCssColor,
  isHttpUrl,
  isTrackName,
} from "../../shared/domain/validate.js";

describe("isHttpUrl", () => {
  it.each([
    "https://etherpad.opendev.org/p/DEN-ptg-swift",
    "http://meet.jit.si/DEN-ptg-BallroomA",
    "https://example.org:8443/path?x=1&y=2#frag",
    "http://localhost:8080/",
  ])("accepts %s", (url) => {
    expect(isHttpUrl(url)).toBe(true);
  });

  it.each([
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "ftp://example.org/file",
    "file:///etc/passwd",
    "mailto:a@example.org",
    "//example.org/path",
    "example.org",
    "https://",
    "",
    "https://exa mple.org/",
    "https://example.org/ x",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/'x",
    "https://example.org/<script>",
    "https://example.org/`x`",
    "https://example.org\\@evil.org",
  ])("refuses %j", (url) => {
    expect(isHttpUrl(url)).toBe(false);
  });

  it("refuses a URL longer than the limit and accepts one at it", () => {
    const base = "https://example.org/";
    expect(isHttpUrl(base + "a".repeat(MAX_URL_LENGTH - base.length))).toBe(true);
    expect(isHttpUrl(base + "a".repeat(MAX_URL_LENGTH - base.length + 1))).toBe(false);
  });
});

describe("isCssColor", () => {
  it.each([
    "teal",
    "Teal",
    "rebeccapurple",
    "#abc",
    "#ABC",
    "#a1b2c3",
    "rgb(1,2,3)",
    "rgb(1, 2, 3)",
    "rgba(255,0,0,0.5)",
    "rgb(10% 20% 30% / 50%)",
    "hsl(120,50%,50%)",
    "hsl(120deg 50% 50% / 0.5)",
  ])("accepts %j", (color) => {
    expect(isCssColor(color)).toBe(true);
  });

  it.each([
    "red;background:url(x)",
    "red; background-image: url(javascript:alert(1))",
    "url(x)",
    "expression(alert(1))",
    "var(--x)",
    "rgb(1,2,3);",
    "rgb(1,2,3) url(x)",
    "red}",
    '"red"',
    "javascript:red",
    "notacolour",
    "#ab",
    "#abcg",
    "#abcdefa",
    "",
    "rgb()",
    "hsl(1,2)",
    "#" + "a".repeat(64),
  ])("refuses %j", (color) => {
    expect(isCssColor(color)).toBe(false);
  });
});

describe("isTrackName", () => {
  it.each(["nova", "api-sig", "docs-i18n", "k8s-sig", "publiccloud-wg", "a.b_c", "9"])(
    "accepts %j",
    (name) => {
      expect(isTrackName(name)).toBe(true);
    },
  );

  it("accepts a name at the length limit and refuses a longer one", () => {
    expect(isTrackName("a".repeat(MAX_TRACK_NAME_LENGTH))).toBe(true);
    expect(isTrackName("a".repeat(MAX_TRACK_NAME_LENGTH + 1))).toBe(false);
  });

  it.each([
    "",
    "Nova",
    "#nova",
    "-nova",
    ".nova",
    "no va",
    "nova\n",
    "nova'",
    'no"va',
    "nova<b>",
    "nova/x",
    "javascript:alert(1)",
    "data:text/html,x",
    "növa",
  ])("refuses %j", (name) => {
    expect(isTrackName(name)).toBe(false);
  });
});
