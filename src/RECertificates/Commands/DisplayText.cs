using System.Globalization;
using System.Text;

namespace RECertificates.Commands
{
    /// <summary>
    /// Text as it may reach a console, a log or a transcript: control characters (C0, DEL, C1) and the invisible
    /// marks that reorder text (bidirectional overrides and isolates) are written as <c>\u001B</c>, so that what a
    /// cluster says (a version, a name, an error text with ESC sequences) can neither recolour nor rewrite the
    /// screen, forge a line, or hide part of a message. The module's own messages hold none of them, so escaping
    /// every message changes nothing but what came from outside.
    /// </summary>
    internal static class DisplayText
    {
        public static bool NeedsEscape(string? text)
        {
            if (text == null)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (IsHidden(c))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The text with each hidden character written as \uXXXX; null stays null.</summary>
        public static string? Escape(string? text)
        {
            if (!NeedsEscape(text))
            {
                return text;
            }

            var escaped = new StringBuilder(text!.Length + 16);
            foreach (char c in text)
            {
                if (IsHidden(c))
                {
                    escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
                else
                {
                    escaped.Append(c);
                }
            }

            return escaped.ToString();
        }

        private static bool IsHidden(char c) =>
            char.IsControl(c) // U+0000-001F, U+007F-009F: ESC, CR, BEL, backspace, CSI (U+009B) ...
            || c == '\u200E' || c == '\u200F' // left-to-right and right-to-left marks
            || (c >= '\u202A' && c <= '\u202E') // embeddings and overrides
            || (c >= '\u2066' && c <= '\u2069'); // isolates
    }
}
