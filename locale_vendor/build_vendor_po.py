#!/usr/bin/env python
"""Build ``locale_vendor/zh_Hans/LC_MESSAGES/{django,djangojs}.po`` (and ``.mo``).

Wagtail ships zh_Hans catalogues that lag behind its English source
catalogues.  This script compares every ``wagtail/**/locale/en/LC_MESSAGES/<domain>.po``
of the *installed* Wagtail with the ``zh_Hans`` catalogue beside it, collects
the entries that are absent (or untranslated / fuzzy) there, and writes them to
a vendor catalogue using the hand-written Simplified Chinese translations in
``TRANSLATIONS`` below.  ``locale_vendor`` is meant to be listed in
``settings.LOCALE_PATHS`` (after the project's own ``locale``).

Terminology follows Wagtail's existing zh_Hans catalogues: 页面 (page),
片段 (snippet), 工作流 (workflow), 任务 (task), 修订版本 (revision), 发布 /
取消发布 (publish / unpublish), 草稿 (draft), 区域设置 (locale), 集合
(collection), 审核 (moderation), 锁定 (lock), 缩略名 (slug), 站点 (site),
帐号 (account), 推广结果 (promoted result), 查看限制 (view restriction).

Usage (from the repository root)::

    .venv/bin/python locale_vendor/build_vendor_po.py            # write .po + compile .mo
    .venv/bin/python locale_vendor/build_vendor_po.py --no-compile
    .venv/bin/python locale_vendor/build_vendor_po.py --check    # exit 1 if a Wagtail upgrade
                                                                 # added strings without a translation

After a Wagtail upgrade, run with ``--check``; any msgid reported as lacking a
translation must be added to ``TRANSLATIONS`` (entries no longer needed are
reported as unused and can be deleted).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE / "zh_Hans" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")

# For plural entries only msgstr[0] is given (zh_Hans has nplurals=1), so the
# text is written for the *plural* form and uses its placeholders.
TRANSLATIONS: dict[str, dict[str, str]] = {
    "django": {
        # ---- wagtail/admin -------------------------------------------------
        "Use server language: %(language_name)s": "使用服务器语言：%(language_name)s",
        'You do not have permission to publish pages at "%(page_title)s"': "你没有权限在“%(page_title)s”下发布页面",
        "The slug '%(page_slug)s' is already in use within the parent page.": "缩略名“%(page_slug)s”已在父页面中被使用。",
        "The new page will be a child of this given parent page.": "新页面将成为指定父页面的子页面。",
        "Tag(s) %(value_too_long)s are over %(max_tag_length)d characters.": "标签 %(value_too_long)s 超过了 %(max_tag_length)d 个字符。",
        "Can access Wagtail admin": "可以访问 Wagtail 管理后台",
        "item": "项",
        "items": "项",
        "Go to the first error": "转到第一个错误",
        "This %(model_name)s is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>.": "此%(model_name)s当前处于<strong>%(workflow)s</strong>中的<strong>%(task)s</strong>阶段。",
        "Publishing this %(model_name)s will cancel the current workflow.": "发布此%(model_name)s将会取消当前工作流。",
        "Actions (footer)": "操作（页脚）",
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?': '没有可显示的%(model_name)s。为何不<a href="%(add_url)s">添加一个</a>？',
        "Preview cannot display due to validation errors. <br /> Click save to highlight the relevant fields.": "由于存在验证错误，无法显示预览。<br /> 点击保存以突出显示相关字段。",
        "Moved down 1 place.": "下移了 %(counter)s 位。",
        "Moved up 1 place.": "上移了 %(counter)s 位。",
        "Wagtail %(current_version)s editor guide": "Wagtail %(current_version)s 编辑指南",
        "Privacy and access": "隐私与访问",
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>': '%(total)s 个页面<span class="w-sr-only">（创建于 %(site_name)s）</span>',
        "Wagtail upgrade available": "Wagtail 有可用的升级",
        'Your version: <strong>%(current_version)s</strong>. New version: <strong data-w-upgrade-target="latestVersion"></strong>.': '你的版本：<strong>%(current_version)s</strong>。新版本：<strong data-w-upgrade-target="latestVersion"></strong>。',
        "Read the release notes.": "阅读发行说明。",
        "Your pages and snippets in a workflow": "你在工作流中的页面和片段",
        "Things in Wagtail %(version)s have changed!": "Wagtail %(version)s 有了新变化！",
        'Don\'t worry, we\'ve got your back. Check out the <a class="w-whats-new__link" href="%(editor_guide_link)s" target="_blank" rel="noreferrer">Wagtail Editor Guide</a> to get the low down on what\'s changed and some exciting new features!': '别担心，我们为你准备好了。查看<a class="w-whats-new__link" href="%(editor_guide_link)s" target="_blank" rel="noreferrer">Wagtail 编辑指南</a>，了解有哪些变化以及一些令人兴奋的新功能！',
        'The %(model_name)s "%(title)s" has been approved in moderation stage "%(task)s".': "%(model_name)s“%(title)s”已在审核阶段“%(task)s”获得批准。",
        'The %(model_name)s "%(title)s" has been approved in "%(task)s".': "%(model_name)s“%(title)s”已在“%(task)s”中获得批准。",
        'The %(model_name)s "%(title)s" has been rejected in moderation stage "%(task)s".': "%(model_name)s“%(title)s”已在审核阶段“%(task)s”被拒绝。",
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s".': "%(model_name)s“%(title)s”在“%(task)s”期间被拒绝。",
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".': "%(model_name)s“%(title)s”已在审核阶段“%(task)s”提交审批。",
        "You can preview the %(model_name)s here:": "可以在此预览%(model_name)s：",
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".': "%(model_name)s“%(title)s”已提交到审核阶段“%(task)s”审批。",
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"': "%(model_name)s“%(title)s”已在审核阶段“%(task)s”提交审批",
        'The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".': "%(model_name)s“%(title)s”已在工作流“%(workflow)s”中获得批准。",
        'The %(model_name)s "%(title)s" has been approved in "%(workflow)s".': "%(model_name)s“%(title)s”已在“%(workflow)s”中获得批准。",
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.': "%(model_name)s“%(title)s”在工作流“%(workflow)s”的“%(task)s”期间被%(rejector)s拒绝。",
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".': "%(model_name)s“%(title)s”在工作流“%(workflow)s”的“%(task)s”期间被拒绝。",
        'The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".': "%(model_name)s“%(title)s”在“%(workflow)s”期间被拒绝。",
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.': "%(model_name)s“%(title)s”已由%(requester)s提交到工作流“%(workflow)s”以进行审核。",
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".': "%(model_name)s“%(title)s”已提交到工作流“%(workflow)s”以进行审核。",
        'The page "%(title)s" has been submitted to workflow "%(workflow)s"': "页面“%(title)s”已提交到工作流“%(workflow)s”",
        'The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"': "%(model_name)s“%(title)s”已提交到工作流“%(workflow)s”",
        "Changing the privacy for this page has been disabled.": "已禁止更改此页面的隐私设置。",
        "Scheduling…": "正在计划…",
        "Schedule to publish": "计划发布",
        "Deleting this page will also delete %(descendant_count)s child page.": "删除此页面还将删除 %(descendant_count)s 个子页面。",
        "It will also delete 1 translation and its combined %(translation_descendant_count)s translated child page.": "还将删除 1 个翻译及其共计 %(translation_descendant_count)s 个已翻译的子页面。",
        "It will also delete %(translation_count)s translations and their combined %(translation_descendant_count)s translated child page.": "还将删除 %(translation_count)s 个翻译及其共计 %(translation_descendant_count)s 个已翻译的子页面。",
        "It will also delete %(translation_count)s translation.": "还将删除 %(translation_count)s 个翻译。",
        "Deleting this page will also delete 1 translation and its combined %(translation_descendant_count)s translated child page.": "删除此页面还将删除 1 个翻译及其共计 %(translation_descendant_count)s 个已翻译的子页面。",
        "Deleting this page will also delete %(translation_count)s translations and their combined %(translation_descendant_count)s translated child page.": "删除此页面还将删除 %(translation_count)s 个翻译及其共计 %(translation_descendant_count)s 个已翻译的子页面。",
        # The English plural form also mentions %(descendant_count)s child pages although this
        # message is only rendered when the page has *no* descendants (upstream quirk in
        # pages/confirm_delete.html). msgfmt --check requires every placeholder of the plural
        # form in msgstr[0], so it is kept as a neutral parenthetical (it renders as 0).
        "Deleting this page will also delete %(translation_count)s translation of this page.": "删除此页面还将删除此页面的 %(translation_count)s 个翻译（子页面：%(descendant_count)s 个）。",
        "This will also move one translation of this page and its child pages": "这也将移动此页面的 %(translations_to_move_count)s 个翻译及其子页面",
        "This will also unpublish one translation of the page.": "这也将取消发布此页面的 %(translation_count)s 个翻译。",
        "This page has one subpage and its translations have a combined one translated child page. Unpublish these too": "此页面有 %(live_descendant_count)s 个子页面，其翻译共有 1 个已翻译的子页面。同时取消发布这些页面",
        "This page has one child page and its translations have a combined %(translation_descendant_count)s translated child pages. Unpublish these too": "此页面有 %(live_descendant_count)s 个子页面，其翻译共有 %(translation_descendant_count)s 个已翻译的子页面。同时取消发布这些页面",
        "This page has one subpage. Unpublish this too": "此页面有 %(live_descendant_count)s 个子页面。同时取消发布这些子页面",
        "This page was marked as needing changes at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>.": "此页面已在<strong>%(workflow)s</strong>的<strong>%(task)s</strong>阶段被标记为需要修改。",
        "This page is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>.": "此页面当前处于<strong>%(workflow)s</strong>中的<strong>%(task)s</strong>阶段。",
        "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be accessible at any URL until they are associated with a site.": "根级别用于向你的 Wagtail 安装中添加新站点。在此创建的页面关联到站点之前，无法通过任何 URL 访问。",
        "If you just want to add pages to an existing site, create them as children of the homepage instead.": "如果只是想向现有站点添加页面，请将其创建为首页的子页面。",
        "Pages created here will not be accessible at any URL. To add pages to an existing site, create them as children of the homepage.": "在此创建的页面无法通过任何 URL 访问。要向现有站点添加页面，请将其创建为首页的子页面。",
        "There is no site set up for this location. Pages created here will not be accessible at any URL until a site is associated with this location.": "此位置尚未设置站点。在为此位置关联站点之前，在此创建的页面无法通过任何 URL 访问。",
        "There is no site record for this location. Pages created here will not be accessible at any URL.": "此位置没有站点记录。在此创建的页面无法通过任何 URL 访问。",
        "This page is locked, by you, to further editing": "此页面已被你锁定，无法进一步编辑",
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site.": "全站共 %(items_count)s 个%(model_name)s，当前显示第 %(start_index)s-%(end_index)s 个。",
        "No results across entire site.": "全站没有结果。",
        "Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'": '在“<span class="w-title-ellipsis">%(title)s</span>”中搜索',
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span class=\"w-title-ellipsis\">%(title)s</span>'.": '“<span class="w-title-ellipsis">%(title)s</span>”中共 %(items_count)s 个%(model_name)s，当前显示第 %(start_index)s-%(end_index)s 个。',
        "No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'.": '“<span class="w-title-ellipsis">%(title)s</span>”中没有结果。',
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s": "第 %(start_index)s-%(end_index)s 个，共 %(items_count)s 个%(model_name)s",
        "There is one matching page": "有 %(counter)s 个匹配的页面",
        "Choose when this %(model_name)s should go live and/or expire": "选择此%(model_name)s的上线和/或过期时间",
        "Choose when this page should go live and/or expire": "选择此页面的上线和/或过期时间",
        'This publishing schedule will only take effect after you select the "Schedule to publish" option': "只有在你选择“计划发布”选项后，此发布计划才会生效",
        "Anyone with editing permissions can create schedules": "任何拥有编辑权限的人都可以创建发布计划",
        "But only those with publishing permissions can make them effective.": "但只有拥有发布权限的人才能使其生效。",
        "Locked by <b>you</b> at <b>%(locking_date)s</b>": "由<b>你</b>于<b>%(locking_date)s</b>锁定",
        "Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>": "由<b>%(locked_by)s</b>于<b>%(locking_date)s</b>锁定",
        "%(field_label)s:": "%(field_label)s：",
        "Saved": "已保存",
        "Autosave is paused": "自动保存已暂停",
        "Edit account avatar": "编辑帐号头像",
        "This action will delete <b>%(total_pages_formatted)s</b> page in total.": "此操作将总共删除 <b>%(total_pages_formatted)s</b> 个页面。",
        "Please type <b>%(wagtail_site_name)s</b> to confirm.": "请输入 <b>%(wagtail_site_name)s</b> 以确认。",
        "You saved a new version in another window": "你在另一个窗口中保存了新版本",
        "System": "系统",
        "%(user_name)s saved a new version": "%(user_name)s 保存了新版本",
        "View latest version": "查看最新版本",
        "You have unsaved changes in another window": "你在另一个窗口中有未保存的更改",
        "%(user_name)s has unsaved changes": "%(user_name)s 有未保存的更改",
        "Currently idle": "当前空闲",
        "Currently viewing": "正在查看",
        "One other user is currently viewing": "另有 %(num_user)s 位用户正在查看",
        "Proceeding will overwrite the changes you made in that window.": "继续操作将覆盖你在该窗口中所做的更改。",
        "Proceeding will overwrite the changes made by %(user_name)s.": "继续操作将覆盖 %(user_name)s 所做的更改。",
        "Alternatively, you can view the latest version in a new tab.": "或者，你可以在新标签页中查看最新版本。",
        "A network error occurred": "发生网络错误",
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version.": "请先排查与站点的连接问题再继续。在单独的标签页中打开编辑器可查看上次保存的版本。",
        "account": "帐号",
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them.": "键盘快捷键当前已禁用；可在你的%(account_link)s设置中启用。",
        "Section": "分类",
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them.": "键盘快捷键当前已启用；可在你的%(account_link)s设置中禁用。",
        "Show issue": "显示问题",
        "Content metrics": "内容指标",
        "Words": "字数",
        "Reading time": "阅读时间",
        "Readability": "可读性",
        "This data explained": "数据说明",
        "How we calculate our metrics": "指标的计算方式",
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words.": "我们从页面预览中提取主要内容，去除所有格式，然后计算字数。",
        "We calculate reading time from word count, using different reading speeds for different languages.": "我们根据字数计算阅读时间，不同语言采用不同的阅读速度。",
        "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score.": "我们使用基于词语和句子长度的可读性公式。句子和词语越长，可读性得分越低。",
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on how content metrics are calculated.': '有关内容指标计算方式的更多信息，请参阅我们的<a href="%(guide_link)s" target="_blank">内容检查指南</a>。',
        "Available in %(translations_total)s locales": "已有 %(translations_total)s 个区域设置的版本",
        "Locking: ": "锁定：",
        "Anyone can edit this %(model_name)s – lock it to prevent others from editing": "任何人都可以编辑此%(model_name)s——锁定它可防止他人编辑",
        "Anyone can edit this %(model_name)s": "任何人都可以编辑此%(model_name)s",
        "Choose who can view the live version of this page": "选择谁可以查看此页面的已发布版本",
        "To be created by %(user)s": "将由 %(user)s 创建",
        "Invalid schedule": "无效的发布计划",
        "Go-live:": "上线时间：",
        "Once scheduled:": "计划生效后：",
        "Refreshing…": "正在刷新…",
        "Refresh": "刷新",
        "Correct the validation errors to resume preview (saving will highlight errors)": "请更正验证错误以恢复预览（保存时将突出显示错误）",
        "Autosave is <span>paused</span>": "自动保存已<span>暂停</span>",
        "Save your changes before leaving": "离开前请保存你的更改",
        "This %(model_name)s is referenced %(usage_count)s time.": "此%(model_name)s被引用了 %(usage_count)s 次。",
        "One or more references to this %(model_name)s prevent it from being deleted.": "此%(model_name)s存在一个或多个引用，因此无法删除。",
        "Status %(status)s": "状态 %(status)s",
        "%(action)s by <b>%(who)s</b> at <b>%(at)s</b>": "%(action)s，操作人：<b>%(who)s</b>，时间：<b>%(at)s</b>",
        "%(action)s at <b>%(at)s</b>": "%(action)s，时间：<b>%(at)s</b>",
        "%(action)s by <b>%(who)s</b>": "%(action)s，操作人：<b>%(who)s</b>",
        "This %(model_name)s hasn't been submitted for moderation yet": "此%(model_name)s尚未提交审核",
        'JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the <a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.': '使用 Wagtail 需要 JavaScript，但它目前已被禁用。<br /> 请参阅<a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">如何在浏览器中启用 JavaScript 的说明</a>。',
        "Item %(index)s of %(total)s": "第 %(index)s 项，共 %(total)s 项",
        "Disable custom ordering": "禁用自定义排序",
        "Enable custom ordering": "启用自定义排序",
        "Checks": "检查",
        "This workflow is currently in progress on %(workflow_states_in_progress)s pages. Deleting this workflow will cancel moderation on these page. Are you sure you want to delete this workflow?": "此工作流当前正在 %(workflow_states_in_progress)s 个页面上进行。删除此工作流将取消这些页面的审核。确定要删除此工作流吗？",
        "Assign your workflow to snippets": "将工作流分配给片段",
        "This workflow is disabled so it cannot be assigned to any snippets.": "此工作流已禁用，因此无法分配给任何片段。",
        # Same msgid and translation as Django's own django.contrib.auth catalogue.
        "Disabled": "禁用",
        "1 snippet type": "%(counter)s 种片段类型",
        'Why not <a class="create-one-now" href="#tab-new" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">create one now</a>?': '为何不<a class="create-one-now" href="#tab-new" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">现在创建一个</a>？',
        "Cancelled by %(cancelled_by)s": "已被 %(cancelled_by)s 取消",
        "More bulk actions": "更多批量操作",
        "at %(time)s by %(user_display_name)s": "由 %(user_display_name)s 于 %(time)s",
        "at %(time)s": "于 %(time)s",
        "%(time)s by %(user_display_name)s": "%(time)s，由 %(user_display_name)s",
        "%(time_period)s ago by %(user_display_name)s": "%(time_period)s 之前，由 %(user_display_name)s",
        "Changes requested %(finished_at)s": "%(finished_at)s 请求修改",
        "Sent to %(task_name)s %(started_at)s": "%(started_at)s 发送至 %(task_name)s",
        "%(status_display)s %(task_name)s %(started_at)s": "%(started_at)s %(status_display)s %(task_name)s",
        "Application": "应用",
        "Show keyboard shortcuts": "显示键盘快捷键",
        "Toggle minimap": "小地图开关",
        "Close modal dialogs (like this one)": "关闭模态对话框（例如本对话框）",
        "Save changes": "保存更改",
        "Add or show comments": "添加或显示评论",
        "Text editing": "文本编辑",
        "Cut": "剪切",
        "Paste": "粘贴",
        "Paste and match style": "粘贴并匹配样式",
        "Paste without formatting": "无格式粘贴",
        "Text formatting": "文本格式",
        "Insert or edit a link": "插入或编辑链接",
        "Monospace (code)": "等宽（代码）",
        "Strike-through": "删除线",
        "Referenced %(count)s time": "被引用 %(count)s 次",
        "Toggle checks": "检查开关",
        "(blank)": "（空白）",
        "Sort by '%(label)s' in ascending order.": "按“%(label)s”升序排列。",
        "Sort by '%(label)s' in descending order.": "按“%(label)s”降序排列。",
        "'%(page_title)s' has been moved successfully.": "“%(page_title)s”已成功移动。",
        "Focus on the drag button and press up or down arrows to move the item, then press enter to submit the change.": "聚焦到拖曳按钮上，按上下方向键移动该项，然后按回车键提交更改。",
        "Button text is empty": "按钮文本为空",
        "Use meaningful text for screen reader users": "为屏幕阅读器用户使用有意义的文本",
        "Empty heading found": "发现空标题",
        "Table header text is empty": "表格标题单元格文本为空",
        "Empty frame title found": "发现空的框架标题",
        "Use a meaningful title for screen reader users": "为屏幕阅读器用户使用有意义的标题",
        "Incorrect heading hierarchy": "标题层级不正确",
        "Avoid skipping levels": "避免跳过层级",
        "Input button text is empty": "输入按钮文本为空",
        "Link text is empty": "链接文本为空",
        "Misusing paragraphs as headings": "误将段落用作标题",
        "Use proper heading tags": "使用正确的标题标签",
        "Image alt text has inappropriate pattern": "图片替代文本的格式不恰当",
        "Use meaningful text": "使用有意义的文本",
        "Meta description is empty": "元描述为空",
        "Add a concise description for search engines": "为搜索引擎添加简洁的描述",
        "%(classname)s object (%(id)s)": "%(classname)s 对象（%(id)s）",
        "Theme preferences": "主题偏好",
        "No %(model_name)s match your query.": "没有符合查询条件的%(model_name)s。",
        "%(model_name)s '%(title)s' is now unlocked.": "%(model_name)s“%(title)s”现已解锁。",
        "%(model_name)s '%(object)s' has been scheduled for publishing.": "%(model_name)s“%(object)s”已计划发布。",
        "%(model_name)s '%(object)s' created and scheduled for publishing.": "%(model_name)s“%(object)s”已创建并计划发布。",
        "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing.": "%(model_name)s“%(object)s”已发布，此版本已计划发布。",
        "%(model_name)s '%(object)s' updated and published.": "%(model_name)s“%(object)s”已更新并发布。",
        "%(model_name)s '%(object)s' created and published.": "%(model_name)s“%(object)s”已创建并发布。",
        "%(model_name)s '%(object)s' has been submitted for moderation.": "%(model_name)s“%(object)s”已提交审核。",
        "%(model_name)s '%(object)s' created and submitted for moderation.": "%(model_name)s“%(object)s”已创建并提交审核。",
        "Workflow on %(model_name)s '%(object)s' has been restarted.": "%(model_name)s“%(object)s”上的工作流已重新启动。",
        "Workflow on %(model_name)s '%(object)s' has been cancelled.": "%(model_name)s“%(object)s”上的工作流已被取消。",
        "Saving will overwrite a newer version.": "保存将覆盖较新的版本。",
        "The %(model_name)s could not be saved as it is locked": "%(model_name)s已被锁定，无法保存",
        "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s": "你正在查看此%(model_name)s的先前版本，由 %(user)s 创建于<b>%(created_at)s</b>",
        "%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s.": "%(model_name)s“%(object)s”已被替换为 %(timestamp)s 的版本。",
        "Version from %(timestamp)s of %(model_name)s '%(object)s' has been published.": "%(model_name)s“%(object)s”的 %(timestamp)s 版本已发布。",
        "Version from %(timestamp)s of %(model_name)s '%(object)s' has been scheduled for publishing.": "%(model_name)s“%(object)s”的 %(timestamp)s 版本已计划发布。",
        "%(related_model_name)s %(field_label)s": "%(related_model_name)s %(field_label)s",
        "Sort item order": "排序项目顺序",
        "New: %(model_name)s": "新建：%(model_name)s",
        "There are validation errors, click save to highlight them.": "存在验证错误，点击保存以突出显示这些错误。",
        "Compare": "比较",
        "Preview for %(block_label)s (%(block_type)s)": "%(block_label)s（%(block_type)s）的预览",
        "If you confirm deletion": "如果确认删除",
        "(Private %(object)s)": "（私有%(object)s）",
        "The %(model_name)s '%(title)s' is not currently awaiting moderation.": "%(model_name)s“%(title)s”当前未在等待审核。",
        "The %(model_name)s '%(title)s' is not currently awaiting moderation in task '%(task_name)s'.": "%(model_name)s“%(title)s”当前未在任务“%(task_name)s”中等待审核。",
        "Search all pages…": "搜索所有页面…",
        "Privacy is inherited from the ancestor page - %(ancestor_page)s": "隐私设置继承自上级页面 - %(ancestor_page)s",
        "%(parent_pages)s and %(child_pages)s have been deleted": "%(parent_pages)s和%(child_pages)s已被删除",
        "%(num_parent_objects)d page has been deleted": "%(num_parent_objects)d 个页面已被删除",
        "%(num_parent_objects)d page": "%(num_parent_objects)d 个页面",
        "%(num_child_objects)d child page": "%(num_child_objects)d 个子页面",
        "%(parent_pages)s and %(child_pages)s have been published": "%(parent_pages)s和%(child_pages)s已发布",
        "%(num_parent_objects)d page has been published": "%(num_parent_objects)d 个页面已发布",
        "%(parent_pages)s and %(child_pages)s have been unpublished": "%(parent_pages)s和%(child_pages)s已取消发布",
        "%(num_parent_objects)d page has been unpublished": "%(num_parent_objects)d 个页面已取消发布",
        "Choose parent": "选择父页面",
        "Create a new %(model_name)s": "创建新的%(model_name)s",
        "Request to create %(model_name)s was blocked by hook.": "创建%(model_name)s的请求已被钩子拦截。",
        "The page could not be created due to validation errors.": "由于存在验证错误，无法创建页面。",
        "Request to edit %(model_name)s was blocked by hook.": "编辑%(model_name)s的请求已被钩子拦截。",
        "The page could not be saved as it is locked.": "页面已被锁定，无法保存。",
        "The page could not be saved due to validation errors.": "由于存在验证错误，无法保存页面。",
        "Is commenting action": "是否为评论操作",
        "Date updated": "更新日期",
        "Edited by": "编辑人",
        "Has child pages": "有子页面",
        "Any": "任意",
        "Page type": "页面类型",
        "Exploring": "浏览",
        "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the slug is unique and try again.": "缩略名“%(page_slug)s”已在所选父页面下被使用。请确保缩略名唯一后重试。",
        "Placeholder title": "占位标题",
        "Page types usage": "页面类型使用情况",
        "Locked by": "锁定人",
        "Anyone": "任何人",
        "By task": "按任务",
        "By workflow": "按工作流",
        "Show disabled": "显示已禁用的",
        "This workflow is in progress on %(states_in_progress)d page/snippet. Disabling this workflow will cancel moderation on this page/snippet.": "此工作流正在 %(states_in_progress)d 个页面/片段上进行。禁用此工作流将取消这些页面/片段的审核。",
        "This task is in progress on %(states_in_progress)d page/snippet. Disabling this task will cause it to be skipped in the moderation workflow and not be listed for selection when editing a workflow.": "此任务正在 %(states_in_progress)d 个页面/片段上进行。禁用此任务后，它将在审核工作流中被跳过，并且在编辑工作流时不会出现在可选列表中。",
        "Shortcuts": "快捷键",
        # ---- wagtail/contrib/forms ------------------------------------------
        "The name '%(duplicate_clean_name)s' is already assigned to this field and cannot be changed. Please enter a different label for the conflicting field.": "名称“%(duplicate_clean_name)s”已分配给此字段，无法更改。请为冲突的字段输入其他标签。",
        "Field name '%(duplicate_clean_name)s' conflicts with another field. Please change the label.": "字段名“%(duplicate_clean_name)s”与另一个字段冲突。请修改标签。",
        "Comma or new line separated list of choices. Only applicable in checkboxes, radio and dropdown.": "以逗号或换行分隔的选项列表。仅适用于复选框、单选按钮和下拉列表。",
        "Default value. Comma or new line separated values supported for checkboxes.": "默认值。复选框支持以逗号或换行分隔的多个值。",
        "Are you sure you want to delete this form submission?": "确定要删除这些表单提交吗？",
        # ---- wagtail/contrib/redirects --------------------------------------
        "<p>Select a file where redirects are separated into rows and contains the columns representing <code>from</code> and <code>to</code> (they can be named anything).</p> <p>After submitting you will be taken to a confirmation view where you can customize your redirects before import.</p>": "<p>请选择一个文件，其中每行一条重定向，并包含分别表示<code>from</code>（来源）和<code>to</code>（目标）的列（列名可任意）。</p> <p>提交后将进入确认页面，你可以在导入前自定义重定向。</p>",
        'File format of type "%(extension)s" is not supported.': "不支持“%(extension)s”类型的文件格式。",
        "Imported file has a wrong encoding: %(error_message)s.": "导入的文件编码错误：%(error_message)s。",
        "%(error)s encountered while trying to read file: %(filename)s.": "读取文件 %(filename)s 时出现错误：%(error)s。",
        # ---- wagtail/contrib/search_promotions ------------------------------
        "You must enter an external link text if you enter an external link URL.": "如果填写了外部链接 URL，则必须填写外部链接文本。",
        "You must recommend a page OR an external link.": "你必须推荐一个页面或一个外部链接。",
        "Please only select a page OR enter an external link.": "请只选择一个页面或只填写一个外部链接。",
        "query": "查询",
        "queries": "查询",
        "Choose an internal page for this promotion": "为此推广选择一个内部页面",
        "External link URL": "外部链接 URL",
        "Alternatively, use an external link for this promotion": "也可以为此推广使用外部链接",
        "Applies to internal page or external link": "适用于内部页面或外部链接",
        '<p>Promoted search results are a means of recommending specific pages or external links that might not organically come high up in search results. E.g recommending your primary donation page to a user searching with the less common term "<em>giving</em>".</p>': "<p>推广搜索结果用于推荐那些在搜索结果中自然排名可能不高的特定页面或外部链接。例如，当用户使用不太常见的词“<em>giving</em>”搜索时，向其推荐你的主要捐赠页面。</p>",
        '<p>The "Search term(s)/phrase" field below must contain the full and exact search for which you wish to provide recommended results, <em>including</em> any misspellings/user error. To help, you can choose from search terms that have been popular with users of your site.</p>': "<p>下方的“搜索词/短语”字段必须包含你希望为其提供推荐结果的完整、精确的搜索内容，<em>包括</em>任何拼写错误/用户输入错误。你也可以从站点用户常用的搜索词中进行选择。</p>",
        "Recommended search result": "推荐的搜索结果",
        "Add a recommended result": "添加推荐结果",
        "No promoted results have been created.": "尚未创建任何推广结果。",
        "Views": "浏览次数",
        "Search terms": "搜索词",
        "Recommendations have not been created due to errors.": "由于出现错误，未能创建推荐。",
        "Recommendations have not been saved due to errors.": "由于出现错误，未能保存推荐。",
        # ---- wagtail/contrib/simple_translation -----------------------------
        "Include subtree (%(descendant_count)s page)": "包括子树（%(descendant_count)s 个页面）",
        "Can submit translations": "可以提交翻译",
        # ---- wagtail/contrib/table_block, typed_table_block -----------------
        "Table headers": "表头",
        "Display the first row as a header": "将第一行显示为表头",
        "Display the first column as a header": "将第一列显示为表头",
        "Display the first row AND first column as headers": "将第一行和第一列都显示为表头",
        "No headers": "无表头",
        "Which cells should be displayed as headers?": "哪些单元格应显示为表头？",
        "A heading that identifies the overall topic of the table, and is useful for screen reader users.": "标识表格总体主题的标题，对屏幕阅读器用户很有帮助。",
        "Select a header option": "选择表头选项",
        "Caption": "表格标题",
        # ---- wagtail/documents ----------------------------------------------
        "Maximum filesize: %(max_upload_size)s.": "最大文件大小：%(max_upload_size)s。",
        'Why not <a class="upload-one-now" href="#tab-upload" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">upload one now</a>?': '为何不<a class="upload-one-now" href="#tab-upload" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">现在上传一个</a>？',
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>': '%(total)s 个文档<span class="w-sr-only">（创建于 %(site_name)s）</span>',
        "The document could not be created due to errors.": "由于出现错误，无法创建文档。",
        "The file could not be found. Please change the source or delete the document.": "找不到该文件。请更改来源或删除此文档。",
        # ---- wagtail/images -------------------------------------------------
        "unknown number": "未知数量",
        "Layout": "布局",
        "You haven't uploaded any images.": "你还没有上传任何图片。",
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>': '%(total)s 张图片<span class="w-sr-only">（创建于 %(site_name)s）</span>',
        "Image focal point": "图片焦点",
        "Grid layout": "网格布局",
        "List layout": "列表布局",
        "Please provide an image description to comply with best practices for accessibility.": "请提供图片描述，以符合无障碍访问的最佳实践。",
        "Upload successful. However, your new image seems to be a duplicate of this existing image. You may delete it if it wasn't required.": "上传成功。但你的新图片似乎与这张已有图片重复。如果不需要，可以将其删除。",
        "Oldest": "最早",
        "Usage count: (low to high)": "使用次数：（从低到高）",
        "Usage count: (high to low)": "使用次数：（从高到低）",
        "Generate URL": "生成 URL",
        "The filter options you have selected are not valid.": "你选择的过滤选项无效。",
        # ---- wagtail (core) -------------------------------------------------
        "Wagtail API v3": "Wagtail API v3",
        "- Select an option -": "- 请选择一个选项 -",
        "Wagtail sitemaps": "Wagtail 站点地图",
        "Unknown content type": "未知内容类型",
        "Date cannot be in the future.": "日期不能是未来的日期。",
        "No one can make changes while the %(model_name)s is locked": "%(model_name)s被锁定期间，任何人都无法进行修改",
        "<b>'{title}' was locked</b> by <b>you</b> on <b>{datetime}</b>.": "<b>“{title}”已被锁定</b>，锁定人：<b>你</b>，时间：<b>{datetime}</b>。",
        "<b>'{title}' is locked</b> by <b>you</b>.": "<b>“{title}”已被锁定</b>，锁定人：<b>你</b>。",
        "<b>'{title}' was locked</b> by <b>{user}</b> on <b>{datetime}</b>.": "<b>“{title}”已被锁定</b>，锁定人：<b>{user}</b>，时间：<b>{datetime}</b>。",
        "<b>'{title}' is locked</b>.": "<b>“{title}”已被锁定</b>。",
        "Locked by you": "已被你锁定",
        "Locked by another user": "已被其他用户锁定",
        "Only you can make changes while the %(model_name)s is locked": "%(model_name)s被锁定期间，只有你可以进行修改",
        "Only %(user)s can make changes while the %(model_name)s is locked": "%(model_name)s被锁定期间，只有 %(user)s 可以进行修改",
        "This %(model_name)s is currently awaiting moderation.": "此%(model_name)s当前正在等待审核。",
        "This {model_name} is awaiting <b>'{task_name}'</b> in the <b>'{workflow_name}'</b> workflow.": "此{model_name}正在等待工作流<b>“{workflow_name}”</b>中的<b>“{task_name}”</b>。",
        "Only reviewers for this task can edit the %(model_name)s.": "只有此任务的审核人才能编辑该%(model_name)s。",
        "Locked by workflow": "已被工作流锁定",
        "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing": "审核人可以编辑此%(model_name)s——锁定它可防止其他审核人编辑",
        "Only reviewers can edit and approve the %(model_name)s": "只有审核人可以编辑和批准该%(model_name)s",
        "{model_name} '{title}' is locked and has been scheduled to go live at {datetime}": "{model_name}“{title}”已被锁定，并已计划于 {datetime} 上线",
        "Locked by schedule": "已被发布计划锁定",
        "Currently locked and will go live on the scheduled date": "当前已锁定，将在计划的日期上线",
        "A human-readable label to identify this token.": "用于识别此令牌的易读标签。",
        "created": "创建时间",
        "revoked at": "撤销时间",
        "last used at": "最后使用时间",
        "API token": "API 令牌",
        "API tokens": "API 令牌",
        "locale": "区域设置",
        "for content type": "适用的内容类型",
        "The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'.": "缩略名“%(page_slug)s”已在位于“%(parent_url_path)s”的父页面中被使用。",
        "Cannot overwrite a revision that is not the latest for this %(model_name)s.": "无法覆盖此%(model_name)s的非最新修订版本。",
        "Cannot overwrite a revision that was not created by the current user.": "无法覆盖不是由当前用户创建的修订版本。",
        "the %(model_name)s will also be deleted": "该%(model_name)s也将被删除",
        "prevents deletion": "阻止删除",
        "will be set to the default %(model_name)s": "将被设置为默认%(model_name)s",
        "will do nothing": "不做任何操作",
        "may prevent deletion": "可能阻止删除",
        "will be set to a %(model_name)s specified by the system": "将被设置为系统指定的%(model_name)s",
        "will unset the reference": "将取消该引用",
        "group site permission": "群组站点权限",
        "group site permissions": "群组站点权限",
        "Private, accessible with a shared password": "私有，凭共享密码可访问",
        "Private, accessible to any logged-in users": "私有，任何已登录用户可访问",
        "shared password": "共享密码",
        "Shared passwords should not be used to protect sensitive content. Anyone who has this password will be able to view the content.": "不应使用共享密码来保护敏感内容。任何拥有此密码的人都能查看该内容。",
        "There may only be one in progress or needs changes workflow state per page/snippet.": "每个页面/片段只能有一个处于“进行中”或“需要修改”状态的工作流。",
        "Workflow '%(workflow_name)s' on %(model_name)s '%(title)s': %(status)s": "%(model_name)s“%(title)s”上的工作流“%(workflow_name)s”：%(status)s",
        "Active workflows can be added to pages/snippets. Deactivating a workflow does not remove it from existing pages/snippets.": "有效的工作流可以添加到页面/片段。停用工作流不会将其从现有页面/片段中移除。",
        "Pages/snippets at this step in a workflow will be moderated or approved by these groups of users": "处于工作流此步骤的页面/片段将由这些用户组审核或批准",
        "Task '%(task_name)s' on Revision '%(revision_info)s': %(status)s": "修订版本“%(revision_info)s”上的任务“%(task_name)s”：%(status)s",
        "Create API token": "创建 API 令牌",
        "API token created": "API 令牌已创建",
        "Revoke API token": "撤销 API 令牌",
        "API token revoked": "API 令牌已撤销",
        "%(model_name)s scheduled for publishing at %(go_live_at)s": "%(model_name)s已计划于 %(go_live_at)s 发布",
        "%(model_name)s scheduled for publishing": "%(model_name)s已计划发布",
        "%(model_name)s unscheduled for publishing at %(go_live_at)s": "%(model_name)s已取消于 %(go_live_at)s 发布的计划",
        "%(model_name)s unscheduled from publishing": "%(model_name)s已取消发布计划",
        "Removed the '%(restriction)s' view restriction. The page is public.": "已移除“%(restriction)s”查看限制。此页面现为公开。",
        "Resubmitted '%(task)s'. Workflow resumed": "已重新提交“%(task)s”。工作流已恢复",
        # ---- wagtail/locales ------------------------------------------------
        "%(num_pages)d pages and %(num_others)d others": "%(num_pages)d 个页面和 %(num_others)d 个其他项",
        "%(num_pages)d page": "%(num_pages)d 个页面",
        # ---- wagtail/snippets -----------------------------------------------
        'You haven\'t created any %(snippet_type_name)s snippets. Why not <a href="%(wagtailsnippets_create_snippet_url)s" target="_blank" rel="noreferrer">create one now</a>?': '你还没有创建任何%(snippet_type_name)s片段。为何不<a href="%(wagtailsnippets_create_snippet_url)s" target="_blank" rel="noreferrer">现在创建一个</a>？',
        # ---- wagtail/users --------------------------------------------------
        "Required. Letters, digits and @/./+/-/_ only.": "必填。只能包含字母、数字和 @/./+/-/_。",
        "admin theme": "管理后台主题",
        "More contrast": "更高对比度",
        "contrast": "对比度",
        "Snug": "紧凑",
        "density": "密度",
        "Enable custom keyboard shortcuts specific to Wagtail.": "启用 Wagtail 专用的自定义键盘快捷键。",
        "Yes, revoke": "是的，撤销",
        "No, don't revoke": "不，不要撤销",
        'The token "%(name)s" has been created, copy it now, it will never be shown again.': "令牌“%(name)s”已创建，请立即复制，它将不会再次显示。",
        "Copy token": "复制令牌",
        "Back to API tokens": "返回 API 令牌",
        "Copying failed — please select and copy the token manually.": "复制失败——请手动选择并复制令牌。",
        "Revoked": "已撤销",
        "Toggle all change permissions": "切换所有修改权限",
        "Toggle all delete permissions": "切换所有删除权限",
        "Toggle all custom permissions": "切换所有自定义权限",
        "Can view": "可以查看",
        "Last used": "最后使用",
        "Token": "令牌",
        "Revoke": "撤销",
        "Never": "从未",
        "Are you sure you want to revoke this API token?": "确定要撤销此 API 令牌吗？",
        "API token '%(name)s' revoked.": "API 令牌“%(name)s”已撤销。",
    },
    "djangojs": {
        "(%(number)s new items in this menu)": "（此菜单中有 %(number)s 个新项目）",
        "(1 new item in this menu)": "（此菜单中有 1 个新项目）",
        "(New)": "（新）",
        "%(num)s error": "%(num)s 个错误",
        "%(num)s min": "%(num)s 分钟",
        "%(num)s pixel": "%(num)s 像素",
        "%(time_zone_option)s: %(localized_time_zone_label)s": "%(time_zone_option)s：%(localized_time_zone_label)s",
        "A network error occurred.": "发生网络错误。",
        "A server error occurred.": "发生服务器错误。",
        "Autosave in progress…": "正在自动保存…",
        "Blocks": "块",
        "Changes have been autosaved.": "更改已自动保存。",
        "Complex": "复杂",
        "Error while sending preview data.": "发送预览数据时出错。",
        "Fair": "一般",
        "Good": "良好",
        "Insert a block": "插入块",
        "Split block": "拆分块",
        "Write something or type ‘/’ to insert a block": "输入内容，或键入“/”插入块",
    },
}

# (domain, msgid) -> placeholders of the English plural form that msgstr[0] may omit.
# Empty: msgfmt --check rejects msgstr[0] lacking a named argument of msgid_plural.
ALLOWED_MISSING_PLACEHOLDERS: dict[tuple[str, str], set[str]] = {}

REVISION_DATE = "2026-11-26 00:00+0800"  # bump when TRANSLATIONS changes

HEADER = """\
Simplified Chinese translations for Wagtail strings missing from Wagtail's own
zh_Hans catalogues. Generated by locale_vendor/build_vendor_po.py - edit the
TRANSLATIONS dict there and re-run instead of editing this file by hand."""

PLACEHOLDER_RE = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %s, %d
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"  # {name}
    r"|</?[A-Za-z][^>]*>"  # HTML tags (with attributes, verbatim)
)


def placeholders(text: str) -> Counter:
    return Counter(m.group(0) for m in PLACEHOLDER_RE.finditer(text.replace("%%", "")))


def wagtail_dir() -> Path:
    spec = importlib.util.find_spec("wagtail")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("wagtail is not installed in this interpreter's environment")
    return Path(list(spec.submodule_search_locations)[0])


def is_translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def collect_missing(domain: str, root: Path):
    """Return the en entries (first occurrence wins) missing from zh_Hans."""
    en_files = sorted(root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"))
    # Django merges all app catalogues of a domain into one, so a msgid translated in
    # any Wagtail zh_Hans catalogue is already available at runtime; don't shadow it.
    translated_anywhere = set()
    for zh_file in root.glob(f"**/locale/zh_Hans/LC_MESSAGES/{domain}.po"):
        for e in polib.pofile(str(zh_file)):
            if is_translated(e):
                translated_anywhere.add((e.msgctxt, e.msgid))

    missing: dict[tuple, polib.POEntry] = {}
    skipped_elsewhere = []
    for en_file in en_files:
        app = en_file.parent.parent.parent.parent.relative_to(root.parent).as_posix()
        zh_file = en_file.parent.parent.parent / "zh_Hans" / "LC_MESSAGES" / en_file.name
        zh = {}
        if zh_file.exists():
            zh = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(zh_file))}
        for entry in polib.pofile(str(en_file)):
            if entry.obsolete or not entry.msgid:
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in zh and is_translated(zh[key]):
                continue
            if key in translated_anywhere:
                skipped_elsewhere.append((app, key))
                continue
            if key in missing:
                missing[key][1].append(app)
                continue
            missing[key] = (entry, [app])
    return missing, skipped_elsewhere


def build(
    domain: str, root: Path, errors: list[str], warnings: list[str]
) -> tuple[polib.POFile, int]:
    missing, skipped = collect_missing(domain, root)
    for app, key in skipped:
        warnings.append(
            f"[{domain}] {app}: {key[1]!r} is translated in another Wagtail zh_Hans catalogue; skipped"
        )
    table = TRANSLATIONS[domain]
    used = set()

    po = polib.POFile(wrapwidth=0)
    po.header = HEADER
    po.metadata = {
        "Project-Id-Version": "rongmei wagtail vendor translations",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": REVISION_DATE,
        "Last-Translator": "rongmei <noreply@localhost>",
        "Language": "zh_Hans",
        "Language-Team": "Chinese (Simplified)",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }

    for (msgctxt, msgid), (en, apps) in missing.items():
        lookup = msgid if msgctxt is None else (msgctxt, msgid)
        if lookup not in table:
            errors.append(
                f"[{domain}] no translation for {msgid!r} (context {msgctxt!r}, from {', '.join(apps)})"
            )
            continue
        used.add(lookup)
        msgstr = table[lookup]

        # Placeholder / markup check. Plural entries are compared with the plural form
        # (with nplurals=1, msgstr[0] is used for every n).
        reference = en.msgid_plural or msgid
        want = placeholders(reference)
        have = placeholders(msgstr)
        allowed = ALLOWED_MISSING_PLACEHOLDERS.get((domain, lookup), set())
        extra = have - want
        if en.msgid_plural:
            extra = have - (placeholders(msgid) | want)
        lacking = {p for p in (want - have) if p not in allowed}
        if extra or lacking:
            errors.append(
                f"[{domain}] placeholder mismatch for {msgid!r}: missing {sorted(lacking)}, unexpected {sorted(extra)}"
            )

        entry = polib.POEntry(
            msgctxt=msgctxt,
            msgid=msgid,
            occurrences=[
                (f"{app}/{path}", line) for app in apps[:1] for path, line in en.occurrences[:3]
            ],
            flags=[f for f in en.flags if f != "fuzzy"],
            comment=en.comment,
            tcomment=("also in: " + ", ".join(apps[1:])) if len(apps) > 1 else "",
        )
        if en.msgid_plural:
            entry.msgid_plural = en.msgid_plural
            entry.msgstr_plural = {0: msgstr}
        else:
            entry.msgstr = msgstr
        po.append(entry)

    for key in table:
        if key not in used:
            warnings.append(f"[{domain}] unused translation (no longer missing upstream?): {key!r}")
    return po, len(po)


def compile_mo(po_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    mo_path = po_path.with_suffix(".mo")
    if msgfmt:
        subprocess.run([msgfmt, "--check", "-o", str(mo_path), str(po_path)], check=True)
    else:  # fall back to polib's compiler (no format checking)
        print("msgfmt not found; compiling with polib (no --check)", file=sys.stderr)
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify; write nothing")
    parser.add_argument("--no-compile", action="store_true", help="do not compile .mo files")
    args = parser.parse_args()

    root = wagtail_dir()
    errors: list[str] = []
    warnings: list[str] = []
    built = {domain: build(domain, root, errors, warnings) for domain in DOMAINS}

    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for e in errors:
        print("error:", e, file=sys.stderr)
    for domain, (_, count) in built.items():
        print(f"{domain}: {count} entries (Wagtail at {root})")
    if errors:
        return 1
    if args.check:
        return 0

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for domain, (po, _) in built.items():
        po_path = OUT_DIR / f"{domain}.po"
        po.save(str(po_path))
        print(f"wrote {po_path.relative_to(HERE.parent)}")
        if not args.no_compile:
            compile_mo(po_path)
            print(f"wrote {po_path.with_suffix('.mo').relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
