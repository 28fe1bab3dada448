-- medkb/templates/common.lua -- the parts every format's templates share
-- (each page kind's template may override them): the summary sentence an
-- article's ranked causes and treatments make, and how lists and doctors
-- are said.

return {
  -- how list items are joined, and what stands between the sentence's
  -- halves
  list_sep = "、",
  clause_sep = "，",

  --- summary_sentence(m, t) -> "X可能由A、B、C等原因引起，可通过D、E等方式
  -- 缓解。" from the article's causes and treatments in its order; the
  -- stored summary when it states no causes, or when the page is shown as
  -- written (m.as_written: what `medkb lint` reads).
  summary_sentence = function(m, t)
    if #m.causes == 0 or (m.as_written and m.stored_summary) then return m.stored_summary end
    local s = ("%s可能由%s等原因引起"):format(m.symptom or m.title, table.concat(m.causes, t.list_sep))
    if #m.treatments > 0 then
      s = s .. t.clause_sep .. ("可通过%s等方式缓解"):format(table.concat(m.treatments, t.list_sep))
    end
    return s .. "。"
  end,

  --- views_text(m) -> "3027次浏览", or nil
  views_text = function(m)
    return m.views and (m.views .. "次浏览") or nil
  end,

  --- replies_text(m) -> "| 1人回复", or nil
  replies_text = function(m)
    return m.replies and ("| %d人回复"):format(m.replies) or nil
  end,

  --- doctor_line(d) -> "主任医师 单县中心医院 全科": what a card says
  -- after the name
  doctor_line = function(d)
    local out = {}
    for _, f in ipairs{ d.title, d.hospital, d.department } do
      if f and f ~= "" then out[#out + 1] = f end
    end
    return table.concat(out, " ")
  end,

  --- kind_name(kind) -> the kind's name for headings
  kind_names = { symptom = "症状", cause = "病因", disease = "疾病", drug = "药物", treatment = "治疗",
                 food = "食物", exam = "检查", department = "科室", doctor = "医生", hospital = "医院",
                 tag = "标签" },
  relation_names = { cause = "可能的原因", treatment = "缓解方式", department = "就诊科室",
                     exam = "检查", drug = "用药", food = "饮食", provoking_drug = "可能诱发的药物",
                     may_provoke = "可能诱发", mentioned_drug = "提到的药物", disease = "相关疾病",
                     sign = "伴随症状", rule_out = "需排除", hospital = "医院", tag = "标签" },

  -- what relations read as from their other end
  incoming_names = { cause = "可能导致的症状", treatment = "用于缓解", department = "相关",
                     exam = "用于检查", drug = "用于", food = "适用于", provoking_drug = "可能由此引起",
                     may_provoke = "可能诱发此症状的药物", mentioned_drug = "提到于", disease = "相关",
                     sign = "作为伴随症状见于", rule_out = "需与之鉴别", hospital = "在此工作的医生",
                     tag = "标签" },

  --- relation_name(t, type [, incoming]) -> a relation type's heading,
  -- read from this end or (incoming) from the other
  relation_name = function(t, type, incoming)
    if incoming then return t.incoming_names[type] or ("被引用：" .. type) end
    return t.relation_names[type] or type
  end,
}
