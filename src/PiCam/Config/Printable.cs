using System.Globalization;
using System.Text;

namespace PiCam.Config;

/// <summary>
/// Text from outside (a client's user name, a value from the .env file) made safe to show in a log line, on
/// <c>/status</c> or on the page: at most a given length, cut with an ellipsis, and with every character that
/// could forge or disguise a line replaced by <c>?</c> (a space in a child process's output): controls (line
/// breaks, escapes, C1), format characters (right-to-left overrides and isolates, zero-width spaces,
/// byte-order marks), line and paragraph separators and lone surrogates. The one sanitizer in picam.
/// </summary>
internal static class Printable
{
    /// <summary>The longest value or key name quoted back in a problem or a log line.</summary>
    public const int MaxQuoted = 64;

    /// <summary><paramref name="text"/> cut to <paramref name="maxLength"/>, each unsafe character replaced by <paramref name="replacement"/>.</summary>
    public static string Text(string text, int maxLength = MaxQuoted, char replacement = '?')
    {
        var cut = text.Length > maxLength;
        var end = cut ? maxLength : text.Length;
        if (cut && char.IsHighSurrogate(text[end - 1]))
        {
            end--; // never split a pair
        }

        var builder = new StringBuilder(end + 1);
        for (var i = 0; i < end; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
                if (category is UnicodeCategory.Format or UnicodeCategory.PrivateUse)
                {
                    builder.Append(replacement);
                }
                else
                {
                    builder.Append(text.AsSpan(i, 2));
                }

                i++;
                continue;
            }

            builder.Append(IsUnsafe(c) ? replacement : c);
        }

        return cut ? builder.Append('…').ToString() : builder.ToString();
    }

    /// <summary><paramref name="text"/> made printable, shortened and in single quotes.</summary>
    public static string Quote(string? text, int maxLength = MaxQuoted) => $"'{Text(text ?? "", maxLength)}'";

    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse;
}
