using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.ProductManagement;

namespace Portal.Areas.Pm;

public static class EditOutcomePages
{
    /// The one way a product-management page answers a change: 404 when the item is gone, the page again with the
    /// reason when refused (what was typed stays), back to the page with the notice when done. The message is
    /// translated here, once.
    public static async Task<IActionResult> AnswerEditAsync(this PageModel page, EditOutcome outcome, IStringLocalizer t, Func<string, Task<IActionResult>> refused, Func<string, IActionResult> done) =>
        outcome.Is switch
        {
            EditOutcome.Result.NotFound => page.NotFound(),
            EditOutcome.Result.Refused => await refused(t[outcome.Message, outcome.Arguments]),
            _ => done(t[outcome.Message, outcome.Arguments]),
        };
}
