using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Portal.Web;

/// The framework's validation summary writes an empty <li style="display:none"> for client-side validation (which the
/// portal does not use) whenever the form is valid. The Content-Security-Policy blocks inline styles, and the browser
/// reports every one; the class validation-summary-valid already hides the empty summary (site.css).
[HtmlTargetElement("div", Attributes = "asp-validation-summary")]
public sealed class ValidationSummaryWithoutInlineStyle : TagHelper
{
    private const string HiddenListItem = "<li style=\"display:none\"></li>";

    // After the framework's ValidationSummaryTagHelper (order -1000) has written the list.
    public override int Order => 0;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var list = output.PostContent.GetContent();
        if (list.Contains(HiddenListItem, StringComparison.Ordinal))
        {
            output.PostContent.SetHtmlContent(list.Replace(HiddenListItem, "", StringComparison.Ordinal));
        }
    }
}
