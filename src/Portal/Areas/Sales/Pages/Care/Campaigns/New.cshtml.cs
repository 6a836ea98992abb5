using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Care;
using Portal.Care.Campaigns;
using Portal.Customers;
using Portal.Identity;
using Portal.Mail;
using Portal.Segmentation;

namespace Portal.Areas.Sales.Pages.Care.Campaigns;

/// "New campaign": the text with its placeholders in both languages, the product block's articles, the audience;
/// "Show audience and preview" counts the audience and shows the mail as one of its contacts would read it;
/// "Send now" or "Schedule" saves it for the senders. Every refusal comes back with what was typed.
public sealed class NewModel(CampaignDesk desk, UserManager<PortalUser> users, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public CampaignInput Input { get; set; } = new();

    public sealed class CampaignInput
    {
        public string? Subject { get; set; }
        public string? Body { get; set; }
        public string? SubjectDe { get; set; }
        public string? BodyDe { get; set; }
        public string? Skus { get; set; }
        public Segment? Segment { get; set; }
        public Strategy? Strategy { get; set; }
        public string? RepId { get; set; }
        public string? NotOrderedSince { get; set; }
        public string? SendAt { get; set; }
        public string? PreviewAs { get; set; }
    }

    public IReadOnlyList<(string Id, string Name)> Reps { get; private set; } = [];

    /// Set after "Show audience and preview".
    public (int Contacts, int Companies)? Audience { get; private set; }
    public IReadOnlyList<CampaignContact> PreviewContacts { get; private set; } = [];
    public RenderedMail? Preview { get; private set; }

    public async Task OnGetAsync()
    {
        var template = CareTemplate.Campaign;
        (Input.Subject, Input.Body, Input.SubjectDe, Input.BodyDe) = (template.SubjectEn, template.BodyEn, template.SubjectDe, template.BodyDe);
        Input.Segment = Segment.C;
        await LoadRepsAsync();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadRepsAsync();
        var (campaign, errors) = await desk.ReadAsync(Draft(sendNow: true), cancellationToken);
        if (campaign is null)
        {
            return Refused(errors);
        }

        var audience = CampaignDesk.AudienceOf(campaign);
        Audience = await desk.CountAsync(audience, cancellationToken);
        PreviewContacts = await desk.SampleAsync(audience, 50, cancellationToken);
        var previewAs = PreviewContacts.FirstOrDefault(c => c.UserId == Input.PreviewAs) ?? PreviewContacts.FirstOrDefault();
        if (previewAs is not null)
        {
            Input.PreviewAs = previewAs.UserId;
            Preview = await desk.PreviewAsync(campaign, previewAs.UserId, cancellationToken);
        }

        return Page();
    }

    public Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken) => SaveAsync(sendNow: true, cancellationToken);

    public Task<IActionResult> OnPostScheduleAsync(CancellationToken cancellationToken) => SaveAsync(sendNow: false, cancellationToken);

    private async Task<IActionResult> SaveAsync(bool sendNow, CancellationToken cancellationToken)
    {
        var name = User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "staff";
        var (id, errors) = await desk.CreateAsync(Draft(sendNow), name, cancellationToken);
        if (id is null)
        {
            await LoadRepsAsync();
            return Refused(errors);
        }

        TempData["Notice"] = (sendNow ? t["The campaign is being sent."] : t["The campaign is scheduled."]).Value;
        return RedirectToPage("/Care/Campaigns/Details", new { id });
    }

    private IActionResult Refused(List<(string Field, string Message)> errors)
    {
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field.Length == 0 ? "" : $"Input.{field}", message);
        }

        return Page();
    }

    private CampaignDraft Draft(bool sendNow) =>
        new(Input.Subject, Input.Body, Input.SubjectDe, Input.BodyDe, Input.Skus, Input.Segment, Input.Strategy, Input.RepId, Input.NotOrderedSince, sendNow, Input.SendAt);

    private async Task LoadRepsAsync()
    {
        var staff = (await users.GetUsersInRoleAsync(Roles.InsideSales)).Where(u => u.IsActive && u.CustomerId == null);
        Reps = staff.OrderBy(u => u.DisplayName).Select(u => (u.Id, u.DisplayName)).ToList();
    }
}
