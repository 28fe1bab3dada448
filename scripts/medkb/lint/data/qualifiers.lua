-- What puts a drug or a dose under a doctor's advice, in the sentence
-- that names it: plain words, and Lua patterns after a "%".  Read by the
-- drug.unqualified and dosage.unqualified rules.
return {
  "遵医嘱", "遵照医嘱", "按医嘱", "听从医嘱", "医嘱", "在医生指导下", "在医生的指导下", "医生指导",
  "医师指导", "药师指导", "专业指导", "咨询医生", "咨询医师", "咨询药师", "请医生", "经医生",
  "由医生", "医生建议", "医生开具", "医生处方", "处方", "就医后", "就诊后", "专科医生", "听从医生",
  "%在.-指导下", "%遵.-医嘱",
}
