using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Sales;

namespace Portal.Tests.Sales;

/// Notes the portal writes on touches are stored in one fixed English form and read in the reader's language.
public sealed class TouchNotesTests
{
    private static IStringLocalizer Localizer()
    {
        var services = new ServiceCollection();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        return services.BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
    }

    private static string InGerman(string note)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de");
        try
        {
            return TouchNotes.Display(note, Localizer());
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_handled_escalation_reads_in_german_with_the_clerks_words_kept()
    {
        var escalation = new Escalation { Type = EscalationType.CallbackRequest, Reason = "x", Resolution = "Rückruf erledigt" };

        Assert.Equal("Bitte um Rückruf: Angerufen, geklärt – Rückruf erledigt", InGerman(TouchNotes.EscalationHandled(escalation, EscalationOutcome.Settled)));
    }

    [Fact]
    public void An_order_taken_on_the_phone_reads_in_german_with_a_german_amount() =>
        Assert.Equal("Bestellung 2026-000123 telefonisch aufgenommen von Sabine Vogel: 3 Positionen, 1.563,93 €",
            InGerman(TouchNotes.OrderTakenOnThePhone("2026-000123", "Sabine Vogel", 3, 1563.93m)).Replace('\u00A0', ' '));

    [Fact]
    public void A_note_a_clerk_typed_is_shown_as_typed() =>
        Assert.Equal("Kunde: ruft Montag zurück", InGerman("Kunde: ruft Montag zurück"));
}
