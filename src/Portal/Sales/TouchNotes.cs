using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Portal.Localization;

namespace Portal.Sales;

/// Touches written by the portal itself carry a note in a fixed English form (so that the record reads the same
/// whoever looks at it later); people read it in their language. Notes typed by a clerk are shown as typed.
public static partial class TouchNotes
{
    public static string EscalationHandled(Escalation escalation, EscalationOutcome outcome) =>
        $"{escalation.Type}: {outcome}{(escalation.Resolution is null ? "" : " – " + escalation.Resolution)}";

    public static string OrderTakenOnThePhone(string orderNumber, string clerkName, int lines, decimal totalGross) =>
        string.Create(CultureInfo.InvariantCulture, $"Order {orderNumber} taken on the phone by {clerkName}: {lines} lines, {totalGross:0.00} EUR");

    public static string Display(string note, IStringLocalizer t)
    {
        if (Handled().Match(note) is { Success: true } handled
            && Enum.TryParse<EscalationType>(handled.Groups["type"].Value, out var type)
            && Enum.TryParse<EscalationOutcome>(handled.Groups["outcome"].Value, out var outcome))
        {
            var text = $"{t[EscalationText.TypeName(type)]}: {t[EscalationText.OutcomeName(outcome)]}";
            return handled.Groups["rest"].Success ? $"{text} – {handled.Groups["rest"].Value}" : text;
        }

        if (Phone().Match(note) is { Success: true } phone
            && decimal.TryParse(phone.Groups["total"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var total))
        {
            var lines = int.Parse(phone.Groups["lines"].Value, CultureInfo.InvariantCulture);
            return t[lines == 1 ? "Order {0} taken on the phone by {1}: 1 line, {3}" : "Order {0} taken on the phone by {1}: {2} lines, {3}",
                phone.Groups["number"].Value, phone.Groups["clerk"].Value, lines, Money.Format(total)];
        }

        return note;
    }

    [GeneratedRegex(@"^(?<type>[A-Za-z]+): (?<outcome>[A-Za-z]+)(?: – (?<rest>.*))?$", RegexOptions.Singleline)]
    private static partial Regex Handled();

    [GeneratedRegex(@"^Order (?<number>\S+) taken on the phone by (?<clerk>.+): (?<lines>[0-9]+) lines, (?<total>[0-9]+\.[0-9]{2}) EUR$", RegexOptions.Singleline)]
    private static partial Regex Phone();
}
