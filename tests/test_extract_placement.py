"""Extraction on layouts a review of release 10 probed: where a line, a link or an author
stands with respect to the article decides what it counts for."""

from __future__ import annotations

import pytest

from watcher.extract import extract

PAGES = {
    "01": (
        '<html lang="en"><head><title>Storm batters coast</title></head><body>'
        '<div class="top-story"><h3><a href="/news/articleView.html?idxno=120551">Council approves budget after long debate</a></h3>'
        "<p>Updated: March 12, 2026 4:00 p.m.</p></div>"
        "<article><h1>Storm batters coast</h1><p>Published: March 10, 2026 9:00 a.m.</p>"
        "<div class='article-body'><p>Authorities have downgraded an emergency warning for a bushfire north of the city after heavy rain fell overnight.</p><p>Residents who left their homes on Tuesday have been told they can return, but should remain alert.</p></div></article>"
        "</body></html>"
    ),
    "02": (
        '<html lang="en"><head><title>Storm batters coast | Example News</title>'
        '<meta property="og:url" content="https://www.example-news.com/en/"></head><body>'
        '<div class="top-story"><h3><a href="/en/politics/2026/03/12/council-approves-budget">Council approves budget after long debate</a></h3>'
        "<p>Updated: March 12, 2026 4:00 p.m.</p></div>"
        "<article><h1>Storm batters coast</h1><p>Published: March 10, 2026 9:00 a.m.</p>"
        "<div class='article-body'><p>Authorities have downgraded an emergency warning for a bushfire north of the city after heavy rain fell overnight.</p><p>Residents who left their homes on Tuesday have been told they can return, but should remain alert.</p></div></article>"
        "</body></html>"
    ),
    "03": (
        '<html lang="en"><head><title>Budget passes</title></head><body>'
        '<article class="post">'
        '<header class="entry-header"><h1 class="entry-title">Budget passes</h1>'
        '<div class="entry-meta"><h4 class="author-name"><a href="/author/jane-doe/">Jane Doe</a></h4><span class="date">March 10, 2026</span></div></header>'
        '<div class="entry-content">'
        "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>"
        "<p>Opponents said the plan would raise taxes, while supporters said it would fix the roads.</p>"
        "<p>The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.</p>"
        "</div></article></body></html>"
    ),
    "04": (
        '<html lang="en"><head><title>Budget passes</title></head><body>'
        '<main id="content">'
        "<h1>Budget passes</h1>"
        '<div class="story-body">'
        "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>"
        "<p>Opponents said the plan would raise taxes, while supporters said it would fix the roads.</p>"
        "<p>The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.</p>"
        "</div>"
        '<div class="story-footer"><p>Written by <span class="author">Jane Doe</span></p></div>'
        "</main></body></html>"
    ),
    "05": (
        '<html lang="en"><head><title>Storm batters coast</title></head><body>'
        '<div id="page">'
        "<h1>Storm batters coast</h1>"
        '<p class="updated">Updated: March 12, 2026 4:00 p.m.</p>'
        "<article><p>Published: March 10, 2026 9:00 a.m.</p>"
        "<div class='article-body'><p>Authorities have downgraded an emergency warning for a bushfire north of the city after heavy rain fell overnight.</p><p>Residents who left their homes on Tuesday have been told they can return, but should remain alert.</p></div></article>"
        '<div class="gdpr-notice">We use cookies to give you the best experience on our website. <a href="/privacy-policy">Read more</a></div>'
        "</div>"
        "</body></html>"
    ),
    "06": (
        '<html lang="en"><head><title>Storm batters coast</title></head><body>'
        '<header class="article-header"><h1>Storm batters coast</h1>'
        '<p class="updated">Updated: March 12, 2026 4:00 p.m.</p>'
        '<div class="share-tools"><a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.com%2Fstorm">Facebook</a>'
        '<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.com%2Fstorm">X</a>'
        '<a href="https://www.addtoany.com/share#url=https%3A%2F%2Fexample.com%2Fstorm">More</a></div>'
        "</header>"
        "<article><p>Published: March 10, 2026 9:00 a.m.</p>"
        "<div class='article-body'><p>Authorities have downgraded an emergency warning for a bushfire north of the city after heavy rain fell overnight.</p><p>Residents who left their homes on Tuesday have been told they can return, but should remain alert.</p></div></article>"
        "</body></html>"
    ),
    "07": (
        '<html lang="en"><head><title>Budget vote delayed</title></head><body>'
        "<article><h1>Budget vote delayed</h1>"
        '<div class="article-body">'
        '<div class="correction-banner">Correction: An earlier version of this article misstated the size of the budget. It is $4.2 million.</div>'
        "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>"
        "<p>Opponents said the plan would raise taxes, while supporters said it would fix the roads.</p>"
        "<p>The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.</p>"
        "</div></article></body></html>"
    ),
    "08": (
        '<html lang="en"><head><title>Budget passes</title></head><body>'
        "<article><h1>Budget passes</h1>"
        "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>"
        "<p>Opponents said the plan would raise taxes, while supporters said it would fix the roads.</p>"
        '<div class="tip__text">Residents can report potholes by calling the city hotline at any time.</div>'
        "<p>The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.</p>"
        "</article></body></html>"
    ),
    "09": (
        '<html lang="en"><head><title>Budget passes - The Daily Example</title>'
        '<meta property="og:title" content="Budget passes - The Daily Example"></head><body>'
        '<div class="sidebar-layout">'
        '<header class="story-header"><h1>Budget passes</h1></header>'
        '<article class="story">'
        "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>"
        "<p>Opponents said the plan would raise taxes, while supporters said it would fix the roads.</p>"
        "<p>The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.</p>"
        "</article>"
        '<div class="rail"><article><h3><a href="/x">Rates rise</a></h3><p>Short teaser.</p></article></div>'
        "</div></body></html>"
    ),
    "10": (
        '<html lang="en"><head><title>Why the budget deal is a bad bargain</title></head><body>'
        '<div class="column-header">'
        '<div class="columnist"><span class="author">Jane Doe</span> <span class="label">Opinion</span></div>'
        "<h1>Why the budget deal is a bad bargain</h1>"
        "</div>"
        '<div class="column-body">'
        "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>"
        "<p>Opponents said the plan would raise taxes, while supporters said it would fix the roads.</p>"
        "<p>The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.</p>"
        "</div></body></html>"
    ),
    "11": (
        '<html lang="en"><head><title>Budget passes</title></head><body>'
        '<main id="main">'
        '<article class="story">'
        "<h1>Budget passes</h1>"
        '<div class="story-body">'
        "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>"
        "<p>Opponents said the plan would raise taxes, while supporters said it would fix the roads.</p>"
        "<p>The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.</p>"
        "</div>"
        '<p class="signoff">Reporting by <span class="author">Jane Doe</span>; editing by <span class="author">John Roe</span></p>'
        "</article>"
        "</main></body></html>"
    ),
}

BODY = [
    "The council voted on Monday to approve the new budget, after a debate that lasted four hours.",
    "Opponents said the plan would raise taxes, while supporters said it would fix the roads.",
    "The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.",
]


@pytest.mark.parametrize(
    ("page", "url", "updated_at"),
    [
        ("01", "https://www.example-news.com/news/articleView.html?idxno=120777", None),
        ("02", "https://www.example-news.com/en/world/2026/03/10/storm-batters-coast", None),
        ("05", "https://example.com/2026/03/10/storm", "2026-03-12T16:00:00Z"),
        ("06", "https://example.com/storm", "2026-03-12T16:00:00Z"),
    ],
    ids=[
        "a teaser linking to the same path with another query (every story's path on one CMS)",
        "a teaser under the language home that og:url names",
        "a cookie notice's 'Read more' beside the header's line",
        "a share bar's 'More' in the header",
    ],
)
def test_a_line_above_the_article_counts_only_when_no_teaser_holds_it(
    page: str, url: str, updated_at: str | None
) -> None:
    assert extract(PAGES[page], url).updated_at == updated_at


@pytest.mark.parametrize(
    ("page", "byline"),
    [("11", "Jane Doe, John Roe"), ("03", "Jane Doe"), ("10", "Jane Doe"), ("04", "Jane Doe")],
    ids=[
        "a credit after the body in <main><article>",
        "an author's name as a linked heading",
        "a columnist above the headline, no <article>",
        "a credit after the body in <main>",
    ],
)
def test_authors_by_class_around_the_body_are_named(page: str, byline: str) -> None:
    assert extract(PAGES[page], "https://example.com/budget").byline == byline


def test_a_correction_in_a_box_named_banner_is_body() -> None:
    assert extract(PAGES["07"]).paragraphs[0].startswith("Correction: An earlier version")


def test_a_bem_element_named_text_is_no_hash() -> None:
    """ "tip__text" is a block and its text, not a CSS module's hash ("__Bio7x")."""
    assert (
        extract(PAGES["08"]).paragraphs[2]
        == "Residents can report potholes by calling the city hotline at any time."
    )


def test_a_sidebar_layout_around_the_headline_is_kept_when_the_title_has_the_site_name() -> None:
    """The title is og:title, "Budget passes - The Daily Example"; the ``<h1>`` says "Budget
    passes": the wrapper around it is still layout, not chrome."""
    assert list(extract(PAGES["09"]).paragraphs) == BODY


#: from a second review: what the first fixes took too far
PAGES_2 = {
    "01": (
        "<html><head><title>T</title></head><body><article><h1>Storm hits the coast today</h1>"
        '<p class="meta">Updated March 11, 2026, 4:12 p.m.</p>'
        '<p>The storm hit the coast on Tuesday with winds over 100 miles per hour, officials in the county said late tonight.</p><p>Thousands of residents were evacuated from low-lying areas before landfall in the evening, the agency said.</p><p>Power was out for more than 200,000 customers across three counties by midnight, the utility reported today.</p><div class="inline-card"><h3><a href="/news/other-story-123">Officials warn of second storm</a></h3><p class="meta">Updated March 19, 2026, 9:00 a.m.</p></div><p>More text follows here about the damage and the recovery effort to come in the region.</p></article></body></html>'
    ),
    "02": (
        "<html><head><title>Storm hits the coast today | The Gazette</title></head><body><main><article><h1>Storm hits the coast today</h1>"
        '<div class="article-body"><p>The storm hit the coast on Tuesday with winds over 100 miles per hour, officials in the county said late tonight.</p><p>Thousands of residents were evacuated from low-lying areas before landfall in the evening, the agency said.</p><p>Power was out for more than 200,000 customers across three counties by midnight, the utility reported today.</p>'
        '<div class="share-modal" hidden><h1>Storm hits the coast today</h1><p>Send this story to a friend, or copy the link below to share it anywhere.</p><p>Link copied to your clipboard.</p></div></div></article></main></body></html>'
    ),
    "03": (
        "<html><head><title>Storm hits the coast today | The Gazette</title></head><body>"
        '<div class="article-body"><div class="social-share"><h1>Storm hits the coast today</h1><p>Share this story on Facebook, X and WhatsApp with your friends and family.</p></div><p>The storm hit the coast on Tuesday with winds over 100 miles per hour, officials in the county said late tonight.</p><p>Thousands of residents were evacuated from low-lying areas before landfall in the evening, the agency said.</p><p>Power was out for more than 200,000 customers across three counties by midnight, the utility reported today.</p></div></body></html>'
    ),
    "04": (
        "<html><head><title>Storm hits the coast today - The Gazette</title></head><body>"
        '<div id="header"><h1 class="logo"><a href="/">The Gazette</a></h1></div>'
        '<div id="wrap"><div class="col-left"><h3>Latest</h3><ul>'
        '<li><a href="/news/bridge-reopens-481">Bridge reopens after repairs</a> <span class="author">John Roe</span></li>'
        '<li><a href="/news/school-board-vote-482">School board votes on budget</a> <span class="author">Mary Major</span></li></ul></div>'
        '<div class="col-main"><h2 class="title">Storm hits the coast today</h2><div class="entry"><p>The storm hit the coast on Tuesday with winds over 100 miles per hour, officials in the county said late tonight.</p><p>Thousands of residents were evacuated from low-lying areas before landfall in the evening, the agency said.</p><p>Power was out for more than 200,000 customers across three counties by midnight, the utility reported today.</p></div></div></div></body></html>'
    ),
}


def test_an_inline_cards_later_updated_line_is_not_the_articles() -> None:
    """Only a live blog's entries are updated at their latest line; in an article the first
    line is its own, and a card for another story inside it may be newer."""
    assert extract(PAGES_2["01"]).updated_at == "2026-03-11T16:12:00Z"


@pytest.mark.parametrize(
    "page", ["02", "03"], ids=["a hidden share dialog", "a share bar around the headline"]
)
def test_chrome_repeating_the_headline_stays_chrome(page: str) -> None:
    paragraphs = extract(PAGES_2[page]).paragraphs
    assert len(paragraphs) == 3 and not any("Share" in p or "Send this story" in p for p in paragraphs)


def test_a_list_of_other_stories_with_their_authors_names_no_author() -> None:
    """An old theme: a logo <h1>, a "Latest" list of stories and their authors, then the story."""
    assert extract(PAGES_2["04"]).byline == ""


#: from a differential review (release 9 against release 10 on 14,622 pages and variants)
PAGES_3 = {
    "01": (
        "<!DOCTYPE html>"
        '<html lang="en">'
        "<head>"
        '<meta charset="utf-8">'
        "<title>What the new rental rules mean for tenants | Daily Example</title>"
        '<meta property="og:title" content="What the new rental rules mean for tenants">'
        '<link rel="canonical" href="/rent-rules"><script async src="https://cdn.ampproject.org/v0.js"></script>'
        "</head>"
        '<body><amp-sidebar id="menu" layout="nodisplay"><ul><li><a href="/">Home</a></li><li><a href="/housing">Housing</a></li></ul></amp-sidebar>'
        '<div class="amp-header"><button on="tap:menu.toggle">Menu</button> Daily Example</div>'
        '<article class="amp-article"><h1 class="amp-title">What the new rental rules mean for tenants</h1><div class="meta-line"><ul class="contributors"><li><a class="author-name" href="/staff/grace-abernathy">Grace Abernathy</a></li></ul></div>'
        '<div class="amp-article-content"><p>New rules for residential tenancies come into force on the first of next month. Here is what changes for renters.</p><h2>Rent increases</h2><p>Landlords will be able to raise the rent only once every 12 months, and must give three months’ written notice instead of two.</p><h2>Deposits</h2><amp-ad width="300" height="250" type="doubleclick" data-slot="/123/rent"><div fallback>Advertisement</div></amp-ad><p>Deposits are capped at one month’s rent and must be held by the provincial deposit scheme, which will return them within 15 days of the end of a tenancy.</p><h2>Pets</h2><p>Tenants can ask to keep a pet, and landlords may refuse only for a reason set out in the regulations, such as a building-wide ban approved by a condominium board.</p><p>The housing ministry says it will publish a plain-language guide in eight languages.</p></div>'
        '<amp-social-share type="twitter"></amp-social-share><div class="amp-recirc"><h3>You might also like</h3><ul><li>Mortgage rates fall for third month</li><li>First-time buyers: a checklist</li></ul></div></article><footer class="site-footer"><p>Copyright 2025 Daily Example Media. All rights reserved.</p><p><a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></p></footer>'
        "</body>"
        "</html>"
    ),
    "02": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves levy</title></head><body>'
        '<nav><a href="/">Home</a></nav><article><h1>Council approves levy</h1><ul class="contributors"><li><span class="author-name">Jane Doe</span> <a href="https://twitter.com/janedoe">@janedoe</a></li></ul><div class="story-body"><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p></div></article><footer>(c) Example</footer></body></html>'
    ),
    "03": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves levy</title></head><body>'
        '<nav><a href="/">Home</a></nav><main><div class="article-meta"><h4 class="category"><a href="/news/local/">Local</a></h4><span class="author-name">By Jane Doe</span></div><h1>Council approves levy</h1><div class="story-body"><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p></div></main><footer>(c) Example</footer></body></html>'
    ),
    "04": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves levy</title></head><body>'
        '<nav><a href="/">Home</a></nav><main><h1>Council approves levy</h1><div class="cols"><article class="story"><p class="stamp">Published 12 March 2026, 09:30</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p></article><article class="explainer"><h2><a href="/news/2025/06/02/what-is-the-transport-levy">What is the transport levy?</a></h2><p class="stamp">Published 2 June 2025, 10:00</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></article></div><div class="extra"><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></div></main><footer>(c) Example</footer></body></html>'
    ),
    "05": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves levy</title></head><body>'
        '<nav><a href="/">Home</a></nav><div class="page"><article class="story"><h1>Council approves levy</h1><p class="stamp">Published 12 March 2026, 09:30</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p></article><section class="responses"><h2>Readers respond</h2><article class="reply"><span class="who">Reader 0</span><p class="when">Posted 14 March 2026, 10:05</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></article><article class="reply"><span class="who">Reader 1</span><p class="when">Posted 14 March 2026, 11:05</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></article><article class="reply"><span class="who">Reader 2</span><p class="when">Posted 14 March 2026, 12:05</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></article><article class="reply"><span class="who">Reader 3</span><p class="when">Posted 14 March 2026, 13:05</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></article><article class="reply"><span class="who">Reader 4</span><p class="when">Posted 14 March 2026, 14:05</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></article><article class="reply"><span class="who">Reader 5</span><p class="when">Posted 14 March 2026, 15:05</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></article></section></div><footer>(c) Example</footer></body></html>'
    ),
    "06": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves levy</title></head><body>'
        '<nav><a href="/">Home</a></nav><h1>Council approves levy</h1><div class="story-meta"><p class="label">Analysis: interpretation of the news based on evidence. <a href="/about/our-standards">Read more</a></p><p class="stamp">Updated 12 March 2026, 14:00</p></div><article class="story-body"><p class="stamp">Published 12 March 2026, 09:30</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p></article><div class="rail"><p>Updated 1 March 2026, 08:00</p></div><footer>(c) Example</footer></body></html>'
    ),
    "07": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves levy</title></head><body>'
        '<nav><a href="/">Home</a></nav><article><h1>Council approves levy</h1><div class="story-body"><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p><div class="inlineAd1">Get the morning briefing in your inbox every weekday, free of charge.</div><p>The council said the levy would be reviewed after two years, and that any surplus would go to the bus network rather than to general spending.</p></div></article><footer>(c) Example</footer></body></html>'
    ),
    "08": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves levy</title></head><body>'
        '<nav><a href="/">Home</a></nav><div class="print-only"><h1>Council approves levy</h1><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>The levy will raise 4 million a year for buses.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></div><div class="story"><h1>Council approves levy</h1><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p><p>The levy will raise 4 million a year for buses.</p><p>Crews worked through the night to restore power to homes on the coast road, the operator said in a statement on its website.</p></div><footer>(c) Example</footer></body></html>'
    ),
}
LEVY = "https://news.example.com/news/2026/03/12/council-approves-levy"


@pytest.mark.parametrize(
    ("page", "url", "byline"),
    [
        ("01", "https://news.example.com/2026/03/12/amp-subheads", "Grace Abernathy"),
        ("02", LEVY, "Jane Doe"),
        ("03", LEVY, "Jane Doe"),
    ],
    ids=[
        "an author linked to their staff page in a list",
        "an author beside their social profile's link in a list",
        "an author beside a section's kicker in a heading",
    ],
)
def test_an_authors_own_links_and_a_kicker_make_no_card(page: str, url: str, byline: str) -> None:
    assert extract(PAGES_3[page], url).byline == byline


@pytest.mark.parametrize(
    ("page", "published_at", "updated_at"),
    [("04", "2026-03-12T09:30:00Z", None), ("05", "2026-03-12T09:30:00Z", None)],
    ids=["a story beside an explainer", "a story above its readers' replies"],
)
def test_articles_side_by_side_are_a_live_blog_only_on_a_page_that_says_so(
    page: str, published_at: str, updated_at: str | None
) -> None:
    a = extract(PAGES_3[page], LEVY)
    assert (a.published_at, a.updated_at) == (published_at, updated_at)


def test_a_read_more_in_the_header_under_the_headline_keeps_its_line() -> None:
    assert extract(PAGES_3["06"], LEVY).updated_at == "2026-03-12T14:00:00Z"


def test_a_numbered_box_name_is_still_a_box() -> None:
    """ "inlineAd1" names an ad: a figure after a word numbers it, it is no hash."""
    assert not any("morning briefing" in p for p in extract(PAGES_3["07"], LEVY).paragraphs)


def test_a_print_copy_of_the_article_is_not_read_twice() -> None:
    paragraphs = extract(PAGES_3["08"], LEVY).paragraphs
    assert len(paragraphs) == 3  # (the story itself says its first sentence twice)
