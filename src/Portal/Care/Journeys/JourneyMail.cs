using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Mail;
using Portal.Mail.Templates;

namespace Portal.Care.Journeys;

public sealed record JourneyMailArticle(string Sku, string Description, int Quantity, decimal? UnitPrice);

/// A journey's mail step as sent: the subject and body from the step's template in the recipient's language, the
/// placeholders filled in. The body's paragraphs in order; a null paragraph is where {articles} stood.
public sealed record JourneyMail(string SubjectText, IReadOnlyList<string?> Paragraphs, IReadOnlyList<JourneyMailArticle> Articles, Uri Link, bool LinkOpensList) : MailTemplate
{
    public override string Kind => "Journey";
    public override Type HtmlTemplate => typeof(JourneyMailHtml);
    public override Type TextTemplate => typeof(JourneyMailText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => SubjectText;

    public static readonly string[] Placeholders = ["{company}", "{contact}", "{rep}", "{articles}"];

    /// Fills {company}, {contact} and {rep} into a template and splits the body at blank lines; {articles} becomes
    /// its own (null) paragraph. Unknown braces stay as typed.
    public static (string Subject, List<string?> Paragraphs) Fill(string subject, string body, string company, string contact, string rep)
    {
        string Replace(string text) => text.Replace("{company}", company, StringComparison.Ordinal)
            .Replace("{contact}", contact, StringComparison.Ordinal)
            .Replace("{rep}", rep, StringComparison.Ordinal);
        var paragraphs = new List<string?>();
        foreach (var part in Replace(body.Replace("\r\n", "\n", StringComparison.Ordinal)).Split("{articles}"))
        {
            if (paragraphs.Count > 0)
            {
                paragraphs.Add(null);
            }

            paragraphs.AddRange(part.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return (Replace(subject).ReplaceLineEndings(" ").Trim(), paragraphs);
    }

    public static string Price(decimal? price) => price is { } p ? p.ToString("N2", CultureInfo.CurrentCulture) + " €" : "–";
}
