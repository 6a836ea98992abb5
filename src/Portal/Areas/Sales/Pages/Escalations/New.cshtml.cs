using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Sales;

namespace Portal.Areas.Sales.Pages.Escalations;

/// Opening an escalation by hand (type Manual): something a clerk noticed or was told that needs following up.
/// The queue and the customer page post their short forms here; errors come back on this page with the input kept.
public sealed class NewModel(EscalationDesk desk, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public ManualInput Input { get; set; } = new();

    public sealed class ManualInput
    {
        [Required(ErrorMessage = "Please enter the customer number.")]
        [StringLength(32)]
        public string? CustomerNumber { get; set; }

        [StringLength(32)]
        public string? OrderNumber { get; set; }

        [Required(ErrorMessage = "Please write what needs to be done.")]
        [StringLength(1000, ErrorMessage = "At most 1,000 characters.")]
        public string? Reason { get; set; }
    }

    public void OnGet(string? customer, string? order)
    {
        Input.CustomerNumber = customer;
        Input.OrderNumber = order;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var (id, field, error) = await desk.OpenManualAsync(Input.CustomerNumber!, Input.OrderNumber, Input.Reason!, userId, cancellationToken);
        if (error is not null)
        {
            ModelState.AddModelError($"Input.{field}", t[error]);
            return Page();
        }

        TempData["Notice"] = t["The escalation is open."].Value;
        return RedirectToPage("/Escalations/Details", new { area = "Sales", id });
    }
}
